package io.annals.app.upcasting;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.axonframework.common.DateTimeUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.annals.app.test.ApiClient.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Product events stored before issue 18 renamed them ({@code StockReserved} and its siblings, now
 * {@code ProductStock*}) still load: the aggregate takes new commands on top of them, the temporal reads and the
 * history show them under their new names, and the projection applies them.
 */
@EndToEndTest
class RenamedEventsUpcastingTest {

    private static final String KERNEL = "io.annals.kernel.product.";

    private final ApiClient testSubject;
    private final JdbcTemplate jdbc;
    private String sku;

    RenamedEventsUpcastingTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc) {
        testSubject = ApiClient.onPort(port);
        this.jdbc = jdbc;
    }

    /**
     * 10 registered; order A reserves 3, order B is refused 9, A releases its 3, order C reserves 4 and ships them:
     * 6 available, none reserved, at version 5. Every event but the registration under its old type name.
     */
    @BeforeEach
    void storeAProductHistoryUnderTheOldEventNames() {
        sku = uniqueSku("renamed");
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();
        List<String[]> events = new ArrayList<>();
        events.add(new String[]{"ProductRegistered", "2", "{\"sku\":\"" + sku + "\",\"name\":\"Old kettle\","
                + "\"initialStock\":10,\"price\":{\"amount\":\"5.00\",\"currency\":\"EUR\"}}"});
        events.add(new String[]{"StockReserved", "1", movement(a, 3)});
        events.add(new String[]{"StockReservationRejected", "1", "{\"sku\":\"" + sku + "\",\"orderId\":\"" + b
                + "\",\"quantity\":9,\"available\":7,\"reason\":\"OUT_OF_STOCK\"}"});
        events.add(new String[]{"StockReleased", "1", movement(a, 3)});
        events.add(new String[]{"StockReserved", "1", movement(c, 4)});
        events.add(new String[]{"StockShipped", "1", movement(c, 4)});
        Instant start = Instant.now().minus(1, ChronoUnit.MINUTES);
        for (int version = 0; version < events.size(); version++) {
            String[] event = events.get(version);
            jdbc.update("""
                    INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                                                    meta_data, payload, payload_revision, payload_type, time_stamp)
                    VALUES (?, ?, 'Product', ?, convert_to('{}', 'UTF8'), convert_to(?, 'UTF8'), ?, ?, ?)""",
                    sku, version, UUID.randomUUID().toString(), event[2], event[1], KERNEL + event[0],
                    DateTimeUtils.formatInstant(start.plusMillis(version)));
        }
    }

    private String movement(String orderId, int quantity) {
        return "{\"sku\":\"" + sku + "\",\"orderId\":\"" + orderId + "\",\"quantity\":" + quantity + "}";
    }

    @Test
    void theHistoryShowsTheOldEventsUnderTheirNewNames() {
        Answer answer = testSubject.events(sku);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        answer.json().forEach(event -> types.add(event.path("type").asString()));
        assertThat(types).containsExactly("ProductRegistered", "ProductStockReserved",
                "ProductStockReservationRejected", "ProductStockReleased", "ProductStockReserved", "ProductStockShipped");
        JsonNode rejected = answer.json().get(2);
        assertThat(rejected.path("revision").asString()).isEqualTo("1");
        assertThat(rejected.path("payload").path("quantity").asLong()).isEqualTo(9);
        assertThat(rejected.path("payload").path("reason").asString()).isEqualTo("OUT_OF_STOCK");
    }

    @Test
    void theTemporalStateFoldsTheOldEvents() {
        JsonNode whileCHeldItsReservation = testSubject.get("/api/products/" + sku + "/state?atVersion=4").json();

        assertThat(whileCHeldItsReservation.path("available").asLong()).isEqualTo(6);
        assertThat(whileCHeldItsReservation.path("reserved").asLong()).isEqualTo(4);
    }

    @Test
    void theAggregateLoadsThroughTheUpcasterAndTakesNewCommands() {
        Answer restocked = testSubject.restock(sku, 2, "If-Match", "\"5\"");

        assertThat(restocked.status()).as(restocked.body()).isEqualTo(200);
        assertThat(restocked.json().path("version").asLong()).isEqualTo(6);
        JsonNode state = testSubject.get("/api/products/" + sku + "/state?atVersion=6").json();
        assertThat(state.path("available").asLong()).isEqualTo(8);
        assertThat(state.path("reserved").asLong()).isZero();
    }

    @Test
    void theProjectionAppliesTheOldEvents() {
        JsonNode view = testSubject.productAtLeast(sku, 5);

        assertThat(view.path("version").asLong()).isEqualTo(5);
        assertThat(view.path("available").asLong()).isEqualTo(6);
        assertThat(view.path("reserved").asLong()).isZero();
    }
}
