package io.annals.app.history;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.annals.app.test.ApiClient.productJson;
import static io.annals.app.test.ApiClient.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md "history and temporal queries": a product's events straight from the event store, and its state rebuilt
 * from them at a version or an instant. Each test works on its own product: registered with 5, restocked by 3, then 7.
 */
@EndToEndTest
class HistoryAndTemporalTest {

    private static final long[] STOCK_AFTER = {5, 8, 15};

    private final ApiClient testSubject;
    private String sku;

    HistoryAndTemporalTest(@LocalServerPort int port) {
        testSubject = ApiClient.onPort(port);
    }

    @BeforeEach
    void registerAndRestockTwice() {
        sku = uniqueSku("history");
        assertThat(testSubject.post("/api/products", productJson(sku, "Kettle", 5, "12.5", "EUR")).status())
                .isEqualTo(201);
        assertThat(testSubject.restock(sku, 3).status()).isEqualTo(200);
        assertThat(testSubject.restock(sku, 7).status()).isEqualTo(200);
    }

    // --- events ---

    @Test
    void theEventsAreListedInVersionOrderWithTypeRevisionTimestampPayloadAndMetadata() {
        List<JsonNode> events = events("");

        assertThat(events).extracting(event -> event.path("version").asLong()).containsExactly(0L, 1L, 2L);
        assertThat(events).extracting(event -> event.path("type").asString())
                .containsExactly("ProductRegistered", "ProductRestocked", "ProductRestocked");
        assertThat(events).extracting(event -> event.path("revision").asString())
                .containsExactly("2", "1", "1");
        assertThat(events).allSatisfy(event -> assertThat(event.path("metadata").isObject()).isTrue());
        assertThat(timestamps(events)).isSorted();

        JsonNode registered = events.get(0).path("payload");
        assertThat(registered.path("sku").asString()).isEqualTo(sku);
        assertThat(registered.path("name").asString()).isEqualTo("Kettle");
        assertThat(registered.path("initialStock").asLong()).isEqualTo(5);
        assertThat(registered.path("price").path("amount").asString()).isEqualTo("12.50");
        assertThat(registered.path("price").path("currency").asString()).isEqualTo("EUR");
        assertThat(events.get(1).path("payload").path("quantity").asLong()).isEqualTo(3);
        assertThat(events.get(2).path("payload").path("quantity").asLong()).isEqualTo(7);
    }

    @Test
    void theTimestampsAreIsoInstantsInUtc() {
        assertThat(events("")).allSatisfy(event -> {
            String timestamp = event.path("timestamp").asString();
            assertThat(timestamp).endsWith("Z");
            assertThat(Instant.parse(timestamp)).isBetween(Instant.now().minus(Duration.ofHours(1)), Instant.now());
        });
    }

    @Test
    void theMetadataCarriesCorrelationAndCausationIds() {
        assertThat(events("")).allSatisfy(event -> {
            JsonNode metadata = event.path("metadata");
            assertThat(metadata.path("correlationId").isString()).as("correlationId in %s", metadata).isTrue();
            assertThat(metadata.path("causationId").isString()).as("causationId in %s", metadata).isTrue();
        });
    }

    @Test
    void fromVersionAndLimitSelectASliceOfTheEvents() {
        assertThat(versions(events("?fromVersion=1"))).containsExactly(1L, 2L);
        assertThat(versions(events("?limit=1"))).containsExactly(0L);
        assertThat(versions(events("?fromVersion=1&limit=1"))).containsExactly(1L);
        assertThat(versions(events("?fromVersion=2&limit=1000"))).containsExactly(2L);
        assertThat(events("?fromVersion=3")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=1001", "limit=0", "limit=x", "fromVersion=-1", "fromVersion=y"})
    void aSliceOutOfRangeIsRejected(String parameter) {
        Answer answer = testSubject.get("/api/products/" + sku + "/events?" + parameter);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly(parameter.substring(0, parameter.indexOf('=')));
    }

    @Test
    void theEventsOfAnUnknownProductAreNotFound() {
        testSubject.get("/api/products/" + uniqueSku("never-registered") + "/events").assertProblem(404);
    }

    // --- state at a version ---

    @Test
    void theStateAtEveryVersionIsWhatTheEventsImply() {
        List<JsonNode> events = events("");
        long available = 0;
        for (JsonNode event : events) {
            JsonNode payload = event.path("payload");
            available = event.path("version").asLong() == 0
                    ? payload.path("initialStock").asLong()
                    : available + payload.path("quantity").asLong();
            long version = event.path("version").asLong();

            JsonNode state = state("?atVersion=" + version);

            assertThat(state.path("sku").asString()).isEqualTo(sku);
            assertThat(state.path("name").asString()).isEqualTo(events.get(0).path("payload").path("name").asString());
            assertThat(state.path("price").path("amount").asString()).isEqualTo("12.50");
            assertThat(state.path("price").path("currency").asString()).isEqualTo("EUR");
            assertThat(state.path("available").asLong()).isEqualTo(available).isEqualTo(STOCK_AFTER[(int) version]);
            assertThat(state.path("reserved").asLong()).isZero();
            assertThat(state.path("version").asLong()).isEqualTo(version);
        }
    }

    @Test
    void theStateAtTheLastVersionEqualsTheReadModel() {
        JsonNode fromEvents = state("?atVersion=2");
        JsonNode fromReadModel = testSubject.productAtLeast(sku, 2);

        assertThat(fromEvents).isEqualTo(fromReadModel);
    }

    @Test
    void aVersionBeyondTheLastIsNotFound() {
        testSubject.get("/api/products/" + sku + "/state?atVersion=3").assertProblem(404);
    }

    // --- state as of an instant ---

    @Test
    void theStateAsOfAnInstantBetweenTwoWritesIsTheEarlierState() {
        List<Instant> at = timestamps(events(""));
        assertThat(at.get(0)).isBefore(at.get(1));
        assertThat(at.get(1)).isBefore(at.get(2));

        JsonNode betweenCreationAndFirstRestock = state("?asOf=" + midpoint(at.get(0), at.get(1)));
        JsonNode betweenTheRestocks = state("?asOf=" + midpoint(at.get(1), at.get(2)));

        assertThat(betweenCreationAndFirstRestock.path("version").asLong()).isZero();
        assertThat(betweenCreationAndFirstRestock.path("available").asLong()).isEqualTo(5);
        assertThat(betweenTheRestocks.path("version").asLong()).isEqualTo(1);
        assertThat(betweenTheRestocks.path("available").asLong()).isEqualTo(8);
    }

    @Test
    void theStateAsOfAnEventsOwnTimestampIncludesThatEvent() {
        List<Instant> at = timestamps(events(""));

        assertThat(state("?asOf=" + at.get(1)).path("version").asLong()).isEqualTo(1);
        assertThat(state("?asOf=" + at.get(2)).path("available").asLong()).isEqualTo(15);
    }

    @Test
    void theStateAsOfNowIsTheLatest() {
        JsonNode latest = state("?asOf=" + Instant.now().plusSeconds(60));

        assertThat(latest.path("version").asLong()).isEqualTo(2);
        assertThat(latest.path("available").asLong()).isEqualTo(15);
    }

    @Test
    void theStateAsOfBeforeTheCreationIsNotFound() {
        Instant created = timestamps(events("")).get(0);

        testSubject.get("/api/products/" + sku + "/state?asOf=" + created.minusMillis(1)).assertProblem(404);
    }

    // --- parameters ---

    @Test
    void askingForBothAsOfAndAtVersionIsRejected() {
        testSubject.get("/api/products/" + sku + "/state?atVersion=0&asOf=" + Instant.now()).assertProblem(400);
    }

    @Test
    void askingForNeitherAsOfNorAtVersionIsRejected() {
        testSubject.get("/api/products/" + sku + "/state").assertProblem(400);
    }

    @ParameterizedTest
    @ValueSource(strings = {"asOf=yesterday", "asOf=2026-13-01T00:00:00Z", "atVersion=-1", "atVersion=one"})
    void anInvalidPointInTimeIsRejectedNamingTheParameter(String parameter) {
        Answer answer = testSubject.get("/api/products/" + sku + "/state?" + parameter);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly(parameter.substring(0, parameter.indexOf('=')));
    }

    @Test
    void theStateOfAnUnknownProductIsNotFound() {
        String unknown = uniqueSku("never-registered");

        testSubject.get("/api/products/" + unknown + "/state?atVersion=0").assertProblem(404);
        testSubject.get("/api/products/" + unknown + "/state?asOf=" + Instant.now()).assertProblem(404);
    }

    private List<JsonNode> events(String query) {
        Answer answer = testSubject.get("/api/products/" + sku + "/events" + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        answer.json().forEach(events::add);
        return events;
    }

    private JsonNode state(String query) {
        Answer answer = testSubject.get("/api/products/" + sku + "/state" + query);
        assertThat(answer.status()).as("state%s: %s", query, answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static List<Long> versions(List<JsonNode> events) {
        return events.stream().map(event -> event.path("version").asLong()).toList();
    }

    private static List<Instant> timestamps(List<JsonNode> events) {
        return events.stream().map(event -> Instant.parse(event.path("timestamp").asString())).toList();
    }

    private static Instant midpoint(Instant earlier, Instant later) {
        return earlier.plus(Duration.between(earlier, later).dividedBy(2));
    }
}
