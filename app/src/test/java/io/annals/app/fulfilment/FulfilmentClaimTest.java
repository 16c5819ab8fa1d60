package io.annals.app.fulfilment;

import io.annals.app.test.ApiClient;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.FulfilmentSegments;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;

import static io.annals.app.test.ApiClient.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A saga batch that lasts longer than Axon's claim-extension threshold (5 s), here because a command it sent is held
 * up, keeps its segment's claim fresh, so no other instance takes the segment over and runs the same step while the
 * batch still runs: its commands leave before the batch's token update, which would hold the token's row.
 */
@EndToEndTest
class FulfilmentClaimTest {

    private final ApiClient testSubject;
    private final JdbcTemplate jdbc;
    private final FaultyReservations reservations;

    FulfilmentClaimTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc,
                        @Autowired FaultyReservations reservations) {
        testSubject = ApiClient.onPort(port);
        this.jdbc = jdbc;
        this.reservations = reservations;
    }

    @Test
    void aLongSagaHandlingKeepsItsSegmentClaimFresh() {
        String slow = testSubject.registerProduct("SLOW", 10);
        String customerId = testSubject.registerVisibleCustomer("buyer");
        reservations.hold(slow);
        try {
            String orderId = testSubject.placeOrder(customerId, line(slow, 1, "3.50", "EUR"));
            await("the saga handling the order").atMost(Duration.ofSeconds(30))
                    .until(() -> reservations.isHolding(slow));
            int segment = FulfilmentSegments.of(jdbc, orderId);
            Instant whenTheHandlingStarted = FulfilmentSegments.claimedAt(jdbc, segment);

            await("the claim of segment " + segment + " renewed while the handling runs")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> FulfilmentSegments.claimedAt(jdbc, segment).isAfter(whenTheHandlingStarted));

            reservations.release(slow);
            JsonNode order = testSubject.orderReaching(orderId, "COMPLETED", "CANCELLED");
            assertThat(order.path("status").asString()).isEqualTo("COMPLETED");
        } finally {
            reservations.release(slow);
        }
    }
}
