package io.annals.app.order;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.SandboxProviders;
import io.annals.app.test.StoredEvents;
import io.annals.kernel.order.OrderLimits;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static io.annals.app.test.ApiClient.ADDRESS;
import static io.annals.app.test.ApiClient.line;
import static io.annals.app.test.ApiClient.orderBody;
import static io.annals.app.test.ApiClient.orderJson;
import static io.annals.app.test.ApiClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The orders API of API.md, call by call: place, cancel, get and list. */
@EndToEndTest
class OrderApiTest {

    private static final String EMAIL = "buyer@example.com";
    private static final String TEA = line("TEA-1", 3, "0.10", "EUR");
    private static final String POT = line("POT-2", 1, "19.99", "EUR");

    private final ApiClient testSubject;
    private final StoredEvents storedEvents;
    private final SandboxProviders providers;

    OrderApiTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc, @Autowired CircuitBreakerRegistry circuits) {
        testSubject = ApiClient.onPort(port);
        storedEvents = new StoredEvents(jdbc);
        providers = new SandboxProviders(testSubject, circuits);
    }

    /** Orders stay STOCK_RESERVED, so the customer can cancel them (the workflow has tests of its own). */
    @BeforeEach
    void holdPayments() {
        providers.holdPayments();
    }

    @AfterEach
    void releasePayments() {
        providers.restore();
    }

    // --- place ---

    @Test
    void placingAnOrderAnswers201WithIdVersionLocationAndETag() {
        Answer placed = testSubject.post("/api/orders", orderJson(customer(), EMAIL, TEA, POT));

        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        String orderId = placed.json().path("orderId").asString();
        assertThat(UUID.fromString(orderId).toString()).isEqualTo(orderId);
        assertThat(placed.json().path("version").asLong()).isZero();
        assertThat(placed.header("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/orders/" + orderId));
        assertThat(placed.header("ETag")).hasValue("\"0\"");
    }

    @Test
    void anOrderReadsWithItsLinesExactTotalAndTimeline() {
        String customerId = customer();
        String tea = testSubject.registerProduct("TEA", 1_000);
        String pot = testSubject.registerProduct("POT", 1_000);
        String orderId = place(orderJson(customerId, EMAIL, line(tea, 3, "0.10", "EUR"), line(pot, 1, "19.99", "EUR")));

        JsonNode order = testSubject.orderReaching(orderId, "STOCK_RESERVED");

        assertThat(testSubject.get("/api/orders/" + orderId).header("ETag")).hasValue("\"1\"");
        assertThat(order.path("orderId").asString()).isEqualTo(orderId);
        assertThat(order.path("customerId").asString()).isEqualTo(customerId);
        assertThat(order.path("version").asLong()).isEqualTo(1);
        assertThat(order.path("total")).isEqualTo(ApiClient.parse("{\"amount\": \"20.29\", \"currency\": \"EUR\"}"));
        assertThat(order.path("lines")).hasSize(2);
        JsonNode first = order.path("lines").get(0);
        assertThat(first.path("sku").asString()).isEqualTo(tea);
        assertThat(first.path("quantity").asInt()).isEqualTo(3);
        assertThat(first.path("unitPrice")).isEqualTo(ApiClient.parse("{\"amount\": \"0.10\", \"currency\": \"EUR\"}"));
        assertThat(order.path("lines").get(1).path("sku").asString()).isEqualTo(pot);
        assertThat(timeline(order)).containsExactly("PENDING", "STOCK_RESERVED");
        assertThat(Instant.parse(order.path("timeline").get(0).path("at").asString()))
                .isBefore(Instant.now().plusSeconds(1));
        assertThat(order.has("paymentId")).isFalse();
        assertThat(order.has("trackingNumber")).isFalse();
        assertThat(order.has("cancellationReason")).isFalse();
    }

    @Test
    void amountsAreEchoedAtTheCurrencysScaleAndTotalledExactly() {
        String orderId = place(orderJson(customer(), EMAIL, line("A", 7, "0.1", "USD"), line("B", 3, "0.7", "USD"),
                line("C", 10000, "0.01", "USD")));

        JsonNode order = testSubject.orderAtLeast(orderId, 0);

        assertThat(order.path("lines").get(0).path("unitPrice").path("amount").asString()).isEqualTo("0.10");
        assertThat(order.path("lines").get(1).path("unitPrice").path("amount").asString()).isEqualTo("0.70");
        assertThat(order.path("total").path("amount").asString()).isEqualTo("102.80");
        assertThat(order.path("total").path("currency").asString()).isEqualTo("USD");
    }

    @Test
    void anOrderOfTheMostLinesAllowedIsPlaced() {
        String orderId = place(orderBody(customer(), EMAIL, lines(100, line("TEA-1", 1, "0.01", "EUR")), ADDRESS));

        JsonNode order = testSubject.orderAtLeast(orderId, 0);

        assertThat(order.path("lines")).hasSize(100);
        assertThat(order.path("total").path("amount").asString()).isEqualTo("1.00");
    }

    static Stream<Arguments> invalidOrders() {
        String city = "{\"line1\": \"1 Way\", \"postalCode\": \"NW1\", \"country\": \"GB\"}";
        String blankCity = "{\"line1\": \"1 Way\", \"city\": \" \", \"postalCode\": \"NW1\", \"country\": \"GB\"}";
        String longCity = "{\"line1\": \"1 Way\", \"city\": \"" + "c".repeat(OrderLimits.MAX_ADDRESS_FIELD_LENGTH + 1)
                + "\", \"postalCode\": \"NW1\", \"country\": \"GB\"}";
        return Stream.of(
                arguments("[]", ADDRESS, "lines"),
                arguments(lines(101, TEA), ADDRESS, "lines"),
                arguments("[" + line("TEA-1", 0, "1.00", "EUR") + "]", ADDRESS, "lines[0].quantity"),
                arguments("[" + TEA + ", " + line("TEA-1", 10001, "1.00", "EUR") + "]", ADDRESS, "lines[1].quantity"),
                arguments("[{\"sku\": \"TEA-1\", \"quantity\": \"10\", \"unitPrice\": {\"amount\": \"1.00\", "
                        + "\"currency\": \"EUR\"}}]", ADDRESS, "lines[0].quantity"),
                arguments("[{\"sku\": \"TEA-1\", \"quantity\": 1.5, \"unitPrice\": {\"amount\": \"1.00\", "
                        + "\"currency\": \"EUR\"}}]", ADDRESS, "lines[0].quantity"),
                arguments("[{\"sku\": \"TEA-1\", \"unitPrice\": {\"amount\": \"1.00\", \"currency\": \"EUR\"}}]",
                        ADDRESS, "lines[0].quantity"),
                arguments("[" + TEA + ", " + line("POT-2", 1, "19.99", "USD") + "]", ADDRESS,
                        "lines[1].unitPrice.currency"),
                arguments("[" + TEA + ", " + POT + ", " + line("CUP-3", 1, "2.00", "GBP") + "]", ADDRESS,
                        "lines[2].unitPrice.currency"),
                arguments("[" + line("TEA-1", 1, "1.00", "EURO") + "]", ADDRESS, "lines[0].unitPrice.currency"),
                arguments("[" + line("TEA-1", 1, "1.005", "EUR") + "]", ADDRESS, "lines[0].unitPrice.amount"),
                arguments("[" + line("TEA-1", 1, "-1.00", "EUR") + "]", ADDRESS, "lines[0].unitPrice.amount"),
                arguments("[" + line("has space", 1, "1.00", "EUR") + "]", ADDRESS, "lines[0].sku"),
                arguments("[" + TEA + "]", city, "shippingAddress.city"),
                arguments("[" + TEA + "]", blankCity, "shippingAddress.city"),
                arguments("[" + TEA + "]", longCity, "shippingAddress.city"));
    }

    @ParameterizedTest
    @MethodSource("invalidOrders")
    void anInvalidOrderIsRejectedNamingTheFieldAsAJsonPathAndWritesNothing(String lines, String address,
                                                                          String field) {
        String customerId = customer();

        Answer answer = testSubject.post("/api/orders", orderBody(customerId, EMAIL, lines, address));

        answer.assertProblem(400);
        assertThat(answer.errorFields()).contains(field);
        assertThat(storedEvents.count("OrderPlaced", customerId)).isZero();
    }

    @Test
    void anOrderWithoutShippingAddressIsRejected() {
        String customerId = customer();

        Answer answer = testSubject.post("/api/orders", """
                {"customerId": "%s", "customerEmail": "%s", "lines": [%s]}""".formatted(customerId, EMAIL, TEA));

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("shippingAddress");
    }

    @Test
    void anInvalidCustomerEmailIsRejected() {
        Answer answer = testSubject.post("/api/orders", orderJson(customer(), "not-an-email", TEA));

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("customerEmail");
    }

    // --- unknown customers ---

    @Test
    void anOrderForADeletedCustomerIsUnprocessableAndWritesNothing() {
        String customerId = customer();
        assertThat(testSubject.delete("/api/customers/" + customerId).status()).isEqualTo(200);

        Answer answer = testSubject.post("/api/orders", orderJson(customerId, EMAIL, TEA));

        assertUnknownCustomer(answer);
        assertThat(storedEvents.count("OrderPlaced", customerId)).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"6f1c0a5e-1b2c-4d3e-8f90-123456789abc", "not-a-uuid", ""})
    void anOrderForACustomerThatNeverExistedIsUnprocessableAndWritesNothing(String customerId) {
        String unique = customerId.isEmpty() ? "" : customerId.replace("123456789abc", UUID.randomUUID()
                .toString().substring(24));

        Answer answer = testSubject.post("/api/orders", orderJson(unique, EMAIL, TEA));

        assertUnknownCustomer(answer);
        // by the whole JSON field, so that the empty id matches only an order stored for it
        assertThat(storedEvents.count("OrderPlaced", "\"customerId\":\"" + unique + "\"")).isZero();
    }

    @Test
    void anOrderForACustomerWhoseIdDiffersOnlyInCaseIsPlacedForThatCustomer() {
        String customerId = customer();

        String orderId = place(orderJson(customerId.toUpperCase(), EMAIL, TEA));

        assertThat(testSubject.orderAtLeast(orderId, 0).path("customerId").asString()).isEqualTo(customerId);
    }

    // --- cancel ---

    @Test
    void cancellingAnOrderBeforeItShippedAnswers200AndTheOrderReadsCancelledByTheCustomer() {
        String orderId = awaitingPayment();

        Answer cancelled = testSubject.cancelOrder(orderId, "changed my mind");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().path("orderId").asString()).isEqualTo(orderId);
        assertThat(cancelled.json().path("version").asLong()).isEqualTo(2);
        assertThat(cancelled.header("ETag")).hasValue("\"2\"");
        JsonNode order = testSubject.orderAtLeast(orderId, 2);
        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("cancellationReason").asString()).isEqualTo("CANCELLED_BY_CUSTOMER");
        assertThat(order.path("version").asLong()).isEqualTo(2);
        List<String> statuses = new ArrayList<>();
        List<Instant> instants = new ArrayList<>();
        order.path("timeline").forEach(entry -> {
            statuses.add(entry.path("status").asString());
            instants.add(Instant.parse(entry.path("at").asString()));
        });
        assertThat(statuses).containsExactly("PENDING", "STOCK_RESERVED", "CANCELLED");
        assertThat(instants).isSorted();
    }

    @Test
    void cancellingACancelledOrderIsAConflictAndWritesNothing() {
        String orderId = awaitingPayment();
        testSubject.cancelOrder(orderId, "first");

        testSubject.cancelOrder(orderId, "second").assertProblem(409);

        assertThat(testSubject.events("orders", orderId).json()).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"reason\": \"\"}", "{\"reason\": \"  \"}", "{\"reason\": 42}",
            "{\"reason\": null}", "{\"note\": \"wrong member\"}"})
    void cancellingWithoutAReasonIsRejectedNamingItAndWritesNothing(String body) {
        String orderId = awaitingPayment();

        Answer answer = testSubject.post("/api/orders/" + orderId + "/cancel", body);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("reason");
        assertThat(testSubject.events("orders", orderId).json()).hasSize(2);
    }

    @Test
    void cancellingWithTheCurrentVersionInIfMatchSucceeds() {
        String orderId = awaitingPayment();

        Answer cancelled = testSubject.cancelOrder(orderId, "changed my mind", "If-Match", "\"1\"");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
    }

    @Test
    void cancellingWithAStaleIfMatchIsRejectedWithBothVersions() {
        String orderId = awaitingPayment();

        JsonNode problem = testSubject.cancelOrder(orderId, "second", "If-Match", "\"0\"").assertProblem(409);

        assertThat(problem.path("expectedVersion").asLong()).isZero();
        assertThat(problem.path("actualVersion").asLong()).isEqualTo(1);
        assertThat(testSubject.events("orders", orderId).json()).hasSize(2);
    }

    @Test
    void cancellingAnUnknownOrderIsNotFound() {
        testSubject.cancelOrder(UUID.randomUUID().toString(), "why not").assertProblem(404);
        testSubject.cancelOrder("not-a-uuid", "why not").assertProblem(404);
    }

    // --- get ---

    @Test
    void anUnknownOrderIsNotFound() {
        testSubject.get("/api/orders/" + UUID.randomUUID()).assertProblem(404);
        testSubject.get("/api/orders/not-a-uuid").assertProblem(404);
    }

    // --- list ---

    @Test
    void theCustomerFilterListsExactlyThatCustomersOrdersNewestFirst() {
        String customerId = customer();
        String first = visible(place(orderJson(customerId, EMAIL, TEA)));
        visible(place(orderJson(customer(), EMAIL, TEA)));
        String second = visible(place(orderJson(customerId, EMAIL, POT)));

        JsonNode page = list("?customerId=" + customerId);

        assertThat(ids(page)).containsExactly(second, first);
        assertThat(page.path("totalItems").asLong()).isEqualTo(2);
        assertThat(page.path("items")).allSatisfy(item -> {
            assertThat(item.path("customerId").asString()).isEqualTo(customerId);
            assertThat(item.has("lines") && item.has("total") && item.has("timeline") && item.has("version"))
                    .as(item.toString()).isTrue();
        });
    }

    @Test
    void theStatusFilterListsOnlyOrdersInThatStatus() {
        String customerId = customer();
        String pending = testSubject.placeOrderAwaitingPayment(customerId);
        String cancelled = testSubject.placeOrderAwaitingPayment(customerId);
        testSubject.cancelOrder(cancelled, "no");
        testSubject.orderAtLeast(cancelled, 2);

        assertThat(ids(list("?customerId=" + customerId + "&status=STOCK_RESERVED"))).containsExactly(pending);
        assertThat(list("?customerId=" + customerId + "&status=PENDING").path("items")).isEmpty();
        assertThat(ids(list("?customerId=" + customerId + "&status=CANCELLED"))).containsExactly(cancelled);
        assertThat(list("?customerId=" + customerId + "&status=SHIPPED").path("items")).isEmpty();
        JsonNode allCancelled = list("?status=CANCELLED&size=200");
        assertThat(allCancelled.path("items")).allSatisfy(
                item -> assertThat(item.path("status").asString()).isEqualTo("CANCELLED"));
        assertThat(ids(allCancelled)).contains(cancelled).doesNotContain(pending);
    }

    @ParameterizedTest
    @ValueSource(strings = {"BOGUS", "", "cancelled!", "1"})
    void anUnknownStatusIsRejectedNamingTheParameter(String status) {
        Answer answer = testSubject.get("/api/orders?status=" + status);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("status");
    }

    @Test
    void ordersSortByPlacedAtAndByStatus() {
        String customerId = customer();
        String first = testSubject.placeOrderAwaitingPayment(customerId);
        String second = testSubject.placeOrderAwaitingPayment(customerId);
        testSubject.cancelOrder(second, "no");
        testSubject.orderAtLeast(second, 2);
        String third = testSubject.placeOrderAwaitingPayment(customerId);
        String byCustomer = "&customerId=" + customerId;

        assertThat(ids(list("?sort=placedAt,asc" + byCustomer))).containsExactly(first, second, third);
        assertThat(ids(list("?sort=placedAt,desc" + byCustomer))).containsExactly(third, second, first);
        assertThat(ids(list("?sort=status,asc" + byCustomer)).get(0)).isEqualTo(second);
        assertThat(ids(list("?sort=status,desc" + byCustomer)).get(2)).isEqualTo(second);
    }

    @ParameterizedTest
    @ValueSource(strings = {"total", "customerId", "orderId", "version", "placedAt,up"})
    void sortingByAnythingButPlacedAtOrStatusIsRejected(String sort) {
        Answer answer = testSubject.get("/api/orders?sort=" + sort);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("sort");
    }

    @Test
    void ordersArePagedAndAPagePastTheEndIsEmpty() {
        String customerId = customer();
        for (int i = 0; i < 3; i++) {
            visible(place(orderJson(customerId, EMAIL, TEA)));
        }

        JsonNode first = list("?size=2&customerId=" + customerId);
        JsonNode second = list("?size=2&page=1&customerId=" + customerId);
        JsonNode beyond = list("?size=2&page=7&customerId=" + customerId);

        assertThat(first.path("items")).hasSize(2);
        assertThat(first.path("totalItems").asLong()).isEqualTo(3);
        assertThat(first.path("totalPages").asInt()).isEqualTo(2);
        assertThat(second.path("items")).hasSize(1);
        assertThat(beyond.path("items")).isEmpty();
        assertThat(beyond.path("page").asInt()).isEqualTo(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"size=0", "size=201", "page=-1"})
    void pagingParametersOutOfRangeAreRejected(String parameter) {
        Answer answer = testSubject.get("/api/orders?" + parameter);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly(parameter.substring(0, parameter.indexOf('=')));
    }

    private String awaitingPayment() {
        return testSubject.placeOrderAwaitingPayment(customer());
    }

    private static List<String> timeline(JsonNode order) {
        List<String> statuses = new ArrayList<>();
        order.path("timeline").forEach(entry -> statuses.add(entry.path("status").asString()));
        return statuses;
    }

    private String customer() {
        return testSubject.registerCustomer(uniqueEmail("buyer"), "Buyer");
    }

    private String place(String body) {
        Answer placed = testSubject.post("/api/orders", body);
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        return placed.json().path("orderId").asString();
    }

    private String visible(String orderId) {
        testSubject.orderAtLeast(orderId, 0);
        return orderId;
    }

    private JsonNode list(String query) {
        Answer answer = testSubject.get("/api/orders" + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static void assertUnknownCustomer(Answer answer) {
        JsonNode problem = answer.assertProblem(422);
        assertThat(problem.path("type").asString()).endsWith("/unknown-customer");
    }

    private static String lines(int count, String line) {
        return "[" + String.join(", ", Collections.nCopies(count, line)) + "]";
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("orderId").asString()));
        return ids;
    }
}
