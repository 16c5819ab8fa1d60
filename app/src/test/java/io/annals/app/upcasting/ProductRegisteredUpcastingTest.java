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

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.annals.app.test.ApiClient.ADMIN;
import static io.annals.app.test.ApiClient.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first release stored {@code ProductRegistered} revision 1, without a price. Such an event, stored exactly as
 * that release wrote it, reads as revision 2 with the default price {@code 0.00 EUR} everywhere: when the aggregate
 * loads, in the history, and in a projection replay.
 */
@EndToEndTest
class ProductRegisteredUpcastingTest {

    private static final JsonNode DEFAULT_PRICE = ApiClient.parse("{\"amount\": \"0.00\", \"currency\": \"EUR\"}");
    private static final long INITIAL_STOCK = 7;

    private final ApiClient testSubject;
    private final JdbcTemplate jdbc;
    private String sku;

    ProductRegisteredUpcastingTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc) {
        testSubject = ApiClient.onPort(port);
        this.jdbc = jdbc;
    }

    @BeforeEach
    void storeARevision1EventAsTheFirstReleaseDid() {
        sku = uniqueSku("legacy");
        jdbc.update("""
                INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                                                meta_data, payload, payload_revision, payload_type, time_stamp)
                VALUES (?, 0, 'Product', ?, convert_to('{}', 'UTF8'), convert_to(?, 'UTF8'), '1',
                        'io.annals.kernel.product.ProductRegistered', ?)""",
                sku, UUID.randomUUID().toString(),
                "{\"sku\":\"" + sku + "\",\"name\":\"Legacy kettle\",\"initialStock\":" + INITIAL_STOCK + "}",
                DateTimeUtils.formatInstant(Instant.now()));
    }

    @Test
    void theHistoryShowsTheOldEventAsRevision2WithTheDefaultPrice() {
        Answer answer = testSubject.events(sku);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json()).hasSize(1);
        JsonNode event = answer.json().get(0);
        assertThat(event.path("type").asString()).isEqualTo("ProductRegistered");
        assertThat(event.path("revision").asString()).isEqualTo("2");
        assertThat(event.path("payload").path("price")).isEqualTo(DEFAULT_PRICE);
        assertThat(event.path("payload").path("name").asString()).isEqualTo("Legacy kettle");
        assertThat(event.path("payload").path("initialStock").asLong()).isEqualTo(INITIAL_STOCK);
    }

    @Test
    void theAggregateLoadsThroughTheUpcasterAndTakesNewCommands() {
        Answer restocked = testSubject.restock(sku, 3);

        assertThat(restocked.status()).as(restocked.body()).isEqualTo(200);
        assertThat(restocked.json().path("version").asLong()).isEqualTo(1);
        JsonNode state = testSubject.get("/api/products/" + sku + "/state?atVersion=1").json();
        assertThat(state.path("available").asLong()).isEqualTo(INITIAL_STOCK + 3);
        assertThat(state.path("price")).isEqualTo(DEFAULT_PRICE);
        JsonNode view = testSubject.productAtLeast(sku, 1);
        assertThat(view.path("available").asLong()).isEqualTo(INITIAL_STOCK + 3);
        assertThat(view.path("price")).isEqualTo(DEFAULT_PRICE);
    }

    @Test
    void aProjectionReplayBuildsTheProductWithTheDefaultPrice() {
        testSubject.productAtLeast(sku, 0);
        jdbc.update("DELETE FROM product_view WHERE sku = ?", sku);
        testSubject.get("/api/products/" + sku).assertProblem(404);

        Answer replay = testSubject.as(ADMIN).post("/api/admin/projections/products/replay", "");

        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        JsonNode product = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> testSubject.get("/api/products/" + sku), answer -> answer.status() == 200).json();
        assertThat(product.path("name").asString()).isEqualTo("Legacy kettle");
        assertThat(product.path("price")).isEqualTo(DEFAULT_PRICE);
        assertThat(product.path("available").asLong()).isEqualTo(INITIAL_STOCK);
        assertThat(product.path("version").asLong()).isZero();
    }
}
