package io.annals.app.history;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.annals.app.test.ApiClient.customerJson;
import static io.annals.app.test.ApiClient.line;
import static io.annals.app.test.ApiClient.orderJson;
import static io.annals.app.test.ApiClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md "history and temporal queries" for customers and orders: the same rules as for products, from the one
 * shared implementation. Every expected state here is folded by the test itself from the events the history shows.
 */
@EndToEndTest
class CustomerAndOrderTemporalTest {

    private final ApiClient testSubject;

    CustomerAndOrderTemporalTest(@LocalServerPort int port) {
        testSubject = ApiClient.onPort(port);
    }

    // --- customers ---

    @Test
    void aCustomersStateAtEveryVersionIsWhatItsEventsImply() {
        String customerId = customerWithFourVersions();

        List<JsonNode> events = events("customers", customerId);

        assertThat(events).extracting(event -> event.path("type").asString()).containsExactly(
                "CustomerRegistered", "CustomerUpdated", "CustomerUpdated", "CustomerUpdated");
        String email = null;
        String name = null;
        for (JsonNode event : events) {
            JsonNode payload = event.path("payload");
            email = payload.path("email").isString() ? payload.path("email").asString() : email;
            name = payload.path("name").isString() ? payload.path("name").asString() : name;
            long version = event.path("version").asLong();

            JsonNode state = state("customers", customerId, "atVersion=" + version);

            assertThat(state.path("customerId").asString()).isEqualTo(customerId);
            assertThat(state.path("email").asString()).as("email at %d", version).isEqualTo(email);
            assertThat(state.path("name").asString()).as("name at %d", version).isEqualTo(name);
            assertThat(state.path("version").asLong()).isEqualTo(version);
            assertThat(state.path("createdAt").asString()).isEqualTo(events.get(0).path("timestamp").asString());
            assertThat(state.path("updatedAt").asString()).isEqualTo(event.path("timestamp").asString());
        }
        testSubject.get("/api/customers/" + customerId + "/state?atVersion=4").assertProblem(404);
    }

    @Test
    void aCustomersStateAtItsLastVersionEqualsTheReadModel() {
        String customerId = customerWithFourVersions();

        JsonNode fromEvents = state("customers", customerId, "atVersion=3");
        JsonNode fromReadModel = testSubject.customerAtLeast(customerId, 3);

        for (String field : List.of("customerId", "email", "name", "version", "createdAt", "updatedAt")) {
            assertThat(fromEvents.path(field)).as(field).isEqualTo(fromReadModel.path(field));
        }
    }

    @Test
    void aCustomersStateAsOfAnInstantBetweenTwoEventsIsTheEarlierState() {
        String customerId = customerWithFourVersions();
        List<Instant> at = timestamps(events("customers", customerId));

        for (int version = 0; version < at.size() - 1; version++) {
            assertThat(at.get(version)).isBefore(at.get(version + 1));
            JsonNode between = state("customers", customerId, "asOf=" + midpoint(at.get(version), at.get(version + 1)));

            assertThat(between.path("version").asLong()).isEqualTo(version);
        }
        testSubject.get("/api/customers/" + customerId + "/state?asOf=" + at.get(0).minusMillis(1))
                .assertProblem(404);
        assertThat(state("customers", customerId, "asOf=" + at.get(3)).path("version").asLong()).isEqualTo(3);
    }

    @Test
    void aDeletedCustomersHistoryAndEveryStateStayReadable() {
        String customerId = customerWithFourVersions();
        JsonNode beforeDeletion = state("customers", customerId, "atVersion=3");
        assertThat(testSubject.delete("/api/customers/" + customerId).status()).isEqualTo(200);

        List<JsonNode> events = events("customers", customerId);

        assertThat(events).hasSize(5);
        assertThat(events.get(4).path("type").asString()).isEqualTo("CustomerDeleted");
        assertThat(state("customers", customerId, "atVersion=3")).isEqualTo(beforeDeletion);
        JsonNode deleted = state("customers", customerId, "atVersion=4");
        assertThat(deleted.path("version").asLong()).isEqualTo(4);
        assertThat(deleted.path("email").asString()).isEqualTo(beforeDeletion.path("email").asString());
        assertThat(state("customers", customerId, "asOf=" + Instant.now().plusSeconds(60)).path("version").asLong())
                .isEqualTo(4);
    }

    @Test
    void fromVersionAndLimitSliceACustomersEvents() {
        String customerId = customerWithFourVersions();

        assertThat(versions(events("customers", customerId, "?fromVersion=2"))).containsExactly(2L, 3L);
        assertThat(versions(events("customers", customerId, "?fromVersion=1&limit=2"))).containsExactly(1L, 2L);
        assertThat(events("customers", customerId, "?fromVersion=4")).isEmpty();
    }

    // --- orders ---

    @Test
    void anOrdersStateAtEveryVersionIsWhatItsEventsImplyAndItsTimelineGrows() {
        String orderId = placedAndCancelledOrder();

        List<JsonNode> events = events("orders", orderId);

        assertThat(events).extracting(event -> event.path("type").asString())
                .containsExactly("OrderPlaced", "OrderCancelled");
        JsonNode placed = events.get(0).path("payload");
        JsonNode cancelled = events.get(1).path("payload");
        assertThat(placed.path("total")).isEqualTo(ApiClient.parse("{\"amount\": \"20.29\", \"currency\": \"EUR\"}"));
        assertThat(cancelled.path("reason").asString()).isEqualTo("UNKNOWN_SKU");
        assertThat(cancelled.path("note").asString()).isEqualTo("unknown sku POT-2, TEA-1");

        JsonNode atPlacement = state("orders", orderId, "atVersion=0");
        JsonNode atCancellation = state("orders", orderId, "atVersion=1");

        assertThat(atPlacement.path("orderId").asString()).isEqualTo(orderId);
        assertThat(atPlacement.path("customerId").asString()).isEqualTo(placed.path("customerId").asString());
        assertThat(atPlacement.path("status").asString()).isEqualTo("PENDING");
        assertThat(atPlacement.path("lines")).isEqualTo(placed.path("lines"));
        assertThat(atPlacement.path("total")).isEqualTo(placed.path("total"));
        assertThat(atPlacement.path("version").asLong()).isZero();
        assertThat(atPlacement.has("cancellationReason")).isFalse();
        assertThat(timeline(atPlacement)).containsExactly("PENDING@" + events.get(0).path("timestamp").asString());

        assertThat(atCancellation.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(atCancellation.path("cancellationReason").asString()).isEqualTo("UNKNOWN_SKU");
        assertThat(atCancellation.path("lines")).isEqualTo(placed.path("lines"));
        assertThat(atCancellation.path("total")).isEqualTo(placed.path("total"));
        assertThat(atCancellation.path("version").asLong()).isEqualTo(1);
        assertThat(timeline(atCancellation)).containsExactly(
                "PENDING@" + events.get(0).path("timestamp").asString(),
                "CANCELLED@" + events.get(1).path("timestamp").asString());

        testSubject.get("/api/orders/" + orderId + "/state?atVersion=2").assertProblem(404);
    }

    @Test
    void anOrdersStateAtItsLastVersionEqualsTheReadModel() {
        String orderId = placedAndCancelledOrder();

        JsonNode fromEvents = state("orders", orderId, "atVersion=1");
        JsonNode fromReadModel = testSubject.orderAtLeast(orderId, 1);

        assertThat(fromEvents).isEqualTo(fromReadModel);
    }

    @Test
    void anOrdersStateAsOfAnInstantBetweenItsEventsIsStillPending() {
        String orderId = placedAndCancelledOrder();
        List<Instant> at = timestamps(events("orders", orderId));

        JsonNode between = state("orders", orderId, "asOf=" + midpoint(at.get(0), at.get(1)));
        JsonNode atCancellation = state("orders", orderId, "asOf=" + at.get(1));

        assertThat(between.path("status").asString()).isEqualTo("PENDING");
        assertThat(between.path("timeline")).hasSize(1);
        assertThat(atCancellation.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(atCancellation.path("timeline")).hasSize(2);
        testSubject.get("/api/orders/" + orderId + "/state?asOf=" + at.get(0).minusMillis(1)).assertProblem(404);
    }

    // --- ids and parameters ---

    @Test
    void theHistoryOfAnIdThatNeverExistedIsNotFound() {
        String unknown = UUID.randomUUID().toString();

        for (String kind : List.of("customers", "orders")) {
            testSubject.get("/api/" + kind + "/" + unknown + "/events").assertProblem(404);
            testSubject.get("/api/" + kind + "/" + unknown + "/state?atVersion=0").assertProblem(404);
            testSubject.get("/api/" + kind + "/" + unknown + "/state?asOf=" + Instant.now()).assertProblem(404);
        }
    }

    @Test
    void anIdOfAnotherKindIsNotFound() {
        String customerId = testSubject.registerCustomer(uniqueEmail("kind"), "Kind");
        String orderId = testSubject.placeOrder(customerId);

        testSubject.get("/api/orders/" + customerId + "/events").assertProblem(404);
        testSubject.get("/api/customers/" + orderId + "/state?atVersion=0").assertProblem(404);
        testSubject.get("/api/products/" + orderId + "/events").assertProblem(404);
    }

    @Test
    void aCustomersStateNeedsExactlyOneOfAsOfAndAtVersion() {
        String customerId = testSubject.registerCustomer(uniqueEmail("params"), "Params");

        testSubject.get("/api/customers/" + customerId + "/state").assertProblem(400);
        testSubject.get("/api/customers/" + customerId + "/state?atVersion=0&asOf=" + Instant.now())
                .assertProblem(400);
    }

    /** Registered, then email, name, and both changed: versions 0..3. */
    private String customerWithFourVersions() {
        String customerId = testSubject.registerCustomer(uniqueEmail("v0"), "Name 0");
        update(customerId, "{\"email\": \"" + uniqueEmail("v1") + "\"}");
        update(customerId, "{\"name\": \"Name 2\"}");
        update(customerId, customerJson(uniqueEmail("v3"), "Name 3"));
        return customerId;
    }

    private void update(String customerId, String body) {
        Answer answer = testSubject.put("/api/customers/" + customerId, body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /** An order of two unknown skus, cancelled by the workflow: exactly two events. */
    private String placedAndCancelledOrder() {
        String customerId = testSubject.registerCustomer(uniqueEmail("temporal"), "Temporal");
        Answer placed = testSubject.post("/api/orders", orderJson(customerId, "buyer@example.com",
                line("TEA-1", 3, "0.10", "EUR"), line("POT-2", 1, "19.99", "EUR")));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String orderId = placed.json().path("orderId").asString();
        // no product has these skus: the fulfilment workflow cancels the order at once, with nothing to undo
        testSubject.orderReaching(orderId, "CANCELLED");
        return orderId;
    }

    private List<JsonNode> events(String kind, String id) {
        return events(kind, id, "");
    }

    private List<JsonNode> events(String kind, String id, String query) {
        Answer answer = testSubject.get("/api/" + kind + "/" + id + "/events" + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        answer.json().forEach(events::add);
        return events;
    }

    private JsonNode state(String kind, String id, String query) {
        Answer answer = testSubject.get("/api/" + kind + "/" + id + "/state?" + query);
        assertThat(answer.status()).as("state?%s: %s", query, answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static List<String> timeline(JsonNode order) {
        List<String> entries = new ArrayList<>();
        order.path("timeline").forEach(entry -> entries.add(entry.path("status").asString() + "@"
                + entry.path("at").asString()));
        return entries;
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
