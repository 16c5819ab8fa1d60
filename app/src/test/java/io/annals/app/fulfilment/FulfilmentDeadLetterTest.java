package io.annals.app.fulfilment;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.FulfilmentSegments;
import io.annals.app.test.SagaJournal;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.annals.app.test.ApiClient.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 13 "No saga event is ever skipped": a fulfilment saga event whose handling keeps failing is parked in the
 * {@code fulfilment} dead-letter group, with its order's later saga events behind it, while the processor's segment
 * keeps serving every other order; once the fault is gone, a retry hands the order's events to the saga in order.
 */
@EndToEndTest
class FulfilmentDeadLetterTest {

    /** handler-attempts tries, each after the processor's back-off (1 s, 2 s, …) and its segment claim interval */
    private static final Duration PARKING_TIMEOUT = Duration.ofSeconds(90);
    private static final String GROUP = "fulfilment";

    private final ApiClient testSubject;
    private final ApiClient admin;
    private final JdbcTemplate jdbc;
    private final FaultyReservations reservations;

    FulfilmentDeadLetterTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc,
                             @Autowired FaultyReservations reservations) {
        testSubject = ApiClient.onPort(port);
        admin = testSubject.as(ApiClient.ADMIN);
        this.jdbc = jdbc;
        this.reservations = reservations;
    }

    @Test
    void aSagaEventThatKeepsFailingIsParkedWhileItsSegmentFlowsOnAndItsOrderCompletesOnceRetried() {
        String poisoned = testSubject.registerProduct("POISONED", 10);
        String healthy = testSubject.registerProduct("HEALTHY", 1_000);
        String customerId = testSubject.registerVisibleCustomer("buyer");
        reservations.poison(poisoned);
        Instant before = Instant.now();

        String stuck = testSubject.placeOrder(customerId, line(poisoned, 2, "3.50", "EUR"));

        JsonNode letter = awaitParked(stuck, 1).get(0);
        assertThat(letter.path("group").asString()).isEqualTo(GROUP);
        assertThat(letter.path("eventType").asString()).isEqualTo("OrderPlaced");
        assertThat(letter.path("cause").asString())
                .isEqualTo("IllegalStateException: sku " + poisoned + " is poisoned for this test");
        assertThat(letter.path("attempts").asInt()).isEqualTo(1);
        assertThat(Instant.parse(letter.path("enqueuedAt").asString())).isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(testSubject.get("/api/orders/" + stuck).json().path("status").asString()).isEqualTo("PENDING");

        String neighbour = placeOrderInTheSegmentOf(stuck, customerId, healthy);
        JsonNode completed = testSubject.orderReaching(neighbour, "COMPLETED", "CANCELLED");
        assertThat(completed.path("status").asString()).as("an order of the same segment").isEqualTo("COMPLETED");

        Answer stillFailing = admin.post("/api/admin/dead-letters/" + GROUP + "/retry", "");
        assertThat(stillFailing.status()).as(stillFailing.body()).isEqualTo(202);
        assertThat(parked(stuck)).extracting(parked -> parked.path("attempts").asInt()).containsExactly(2);

        reservations.cure(poisoned);
        Answer retry = admin.post("/api/admin/dead-letters/" + GROUP + "/retry", "");

        assertThat(retry.status()).as(retry.body()).isEqualTo(202);
        JsonNode order = testSubject.orderReaching(stuck, "COMPLETED", "CANCELLED");
        assertThat(order.path("status").asString()).as(order.toString()).isEqualTo("COMPLETED");
        testSubject.awaitStock(poisoned, 8, 0);
        assertThat(parked(stuck)).isEmpty();
        assertThat(SagaJournal.ended(jdbc, stuck)).containsEntry("step", "COMPLETED");
    }

    @Test
    void laterEventsOfAParkedOrderWaitBehindItAndARetryHandsThemToTheSagaInOrder() {
        String poisoned = testSubject.registerProduct("POISONED", 10);
        String customerId = testSubject.registerVisibleCustomer("buyer");
        reservations.poison(poisoned);
        String stuck = testSubject.placeOrder(customerId, line(poisoned, 3, "3.50", "EUR"));
        awaitParked(stuck, 1);

        Answer cancelled = testSubject.cancelOrder(stuck, "changed my mind");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        JsonNode behind = awaitParked(stuck, 2).get(1);
        assertThat(behind.path("eventType").asString()).isEqualTo("OrderCancelled");
        assertThat(behind.path("cause").isNull()).as("parked only behind the order's first letter").isTrue();
        assertThat(behind.path("attempts").asInt()).isZero();

        reservations.cure(poisoned);
        Answer retry = admin.post("/api/admin/dead-letters/" + GROUP + "/retry", "");

        assertThat(retry.status()).as(retry.body()).isEqualTo(202);
        assertThat(parked(stuck)).isEmpty();
        // placed first (the stock is reserved), then cancelled (released): the other way round the saga would have
        // ignored the cancellation and kept the stock reserved
        testSubject.awaitStock(poisoned, 10, 0);
        assertThat(SagaJournal.ended(jdbc, stuck)).containsEntry("step", "CANCELLED");
        JsonNode order = testSubject.get("/api/orders/" + stuck).json();
        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("cancellationReason").asString()).isEqualTo("CANCELLED_BY_CUSTOMER");
    }

    @Test
    void theFulfilmentGroupCanBeListedAlone() {
        Answer listed = admin.get("/api/admin/dead-letters?group=" + GROUP + "&limit=1000");

        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        listed.json().forEach(letter -> assertThat(letter.path("group").asString()).isEqualTo(GROUP));
    }

    /**
     * Places orders of the healthy product until one's saga falls into the stuck order's segment (one in eight with
     * the processor's 8 segments) and returns it.
     */
    private String placeOrderInTheSegmentOf(String stuck, String customerId, String healthy) {
        int segment = FulfilmentSegments.of(jdbc, stuck);
        for (int placed = 0; placed < 200; placed++) {
            String orderId = testSubject.placeOrder(customerId, line(healthy, 1, "1.00", "EUR"));
            if (FulfilmentSegments.of(jdbc, orderId) == segment) {
                return orderId;
            }
        }
        throw new AssertionError("no order of 200 fell into segment " + segment);
    }

    private List<JsonNode> awaitParked(String orderId, int letters) {
        return await("order " + orderId + " with " + letters + " parked event(s)").atMost(PARKING_TIMEOUT)
                .until(() -> parked(orderId), parked -> parked.size() == letters);
    }

    /** The order's parked saga events, oldest first. */
    private List<JsonNode> parked(String orderId) {
        Answer answer = admin.get("/api/admin/dead-letters?group=" + GROUP + "&limit=1000");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> letters = new ArrayList<>();
        answer.json().forEach(letter -> {
            if (letter.path("sequenceId").asString().equals(orderId)) {
                letters.add(letter);
            }
        });
        return letters;
    }
}
