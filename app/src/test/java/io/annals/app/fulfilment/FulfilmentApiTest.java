package io.annals.app.fulfilment;

import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.ApiClient;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.ProviderHold;
import io.annals.app.test.SagaJournal;
import io.annals.app.test.SandboxProviders;
import io.annals.choreography.fulfilment.OrderFulfilmentSaga;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.axonframework.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.annals.app.test.ApiClient.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The order-fulfilment workflow through the HTTP API with the built-in sandbox providers: every way an order ends,
 * with the stock, payment and saga listing it leaves behind.
 *
 * <p>Each case has the providers to itself: it starts from healthy sandbox providers and closed, empty circuits, and
 * holds every other provider call (sagas of earlier tests still finishing in the shared context) away from them
 * ({@link ProviderHold}), so what a case sets up is all its order meets — a failing provider fails its order's calls
 * only, and no other order's failures open a circuit under it.
 */
@EndToEndTest
class FulfilmentApiTest {

    private final ApiClient testSubject;
    private final ApiClient admin;
    private final JdbcTemplate jdbc;
    private final SandboxProviders providers;
    private final ProviderHold otherWork;

    FulfilmentApiTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc,
                      @Autowired CircuitBreakerRegistry circuits, @Autowired ProviderHold otherWork) {
        testSubject = ApiClient.onPort(port);
        admin = testSubject.as(ApiClient.ADMIN);
        this.jdbc = jdbc;
        providers = new SandboxProviders(testSubject, circuits);
        this.otherWork = otherWork;
    }

    @BeforeEach
    void healthyProvidersForThisCaseAlone() {
        otherWork.hold();
        providers.restore();
    }

    @AfterEach
    void restoreProviders() {
        providers.restore();
        otherWork.release();
    }

    /** Axon's own manager would hand every saga event to each of the processor's segments. */
    @Test
    void theSagasEventsAreClaimedOnlyInTheSegmentHoldingTheOrdersSaga(@Autowired Configuration axon) {
        assertThat(axon.eventProcessingConfiguration().sagaConfiguration(OrderFulfilmentSaga.class).manager())
                .extracting(manager -> manager.getClass().getSimpleName())
                .isEqualTo("OrderSagaManager");
    }

    @Test
    void anOrderIsReservedPaidShippedConfirmedAndCompleted() {
        String tea = testSubject.registerProduct("TEA", 10);
        String pot = testSubject.registerProduct("POT", 5);
        String customerId = testSubject.registerVisibleCustomer("buyer");

        String orderId = placeOrder(customerId, line(tea, 2, "3.50", "EUR"), line(pot, 1, "19.99", "EUR"),
                line(tea, 1, "3.50", "EUR"));

        JsonNode order = testSubject.orderReaching(orderId, "COMPLETED", "CANCELLED");
        assertThat(order.path("status").asString()).as(order.toString()).isEqualTo("COMPLETED");
        assertThat(order.path("paymentId").asString()).isNotBlank();
        assertThat(order.path("trackingNumber").asString()).isNotBlank();
        assertThat(order.has("cancellationReason")).isFalse();
        assertThat(statuses(order)).containsExactly("PENDING", "STOCK_RESERVED", "PAID", "SHIPPED", "COMPLETED");
        testSubject.awaitStock(tea, 7, 0);
        testSubject.awaitStock(pot, 4, 0);
        assertThat(SagaJournal.ended(jdbc, orderId)).containsEntry("step", "COMPLETED");
    }

    @Test
    void everyEventOfTheWorkflowCarriesThePlaceOrderRequestsCorrelationId() {
        String tea = testSubject.registerProduct("TEA", 10);
        String customerId = testSubject.registerVisibleCustomer("buyer");
        String orderId = placeOrder(customerId, line(tea, 1, "3.50", "EUR"));
        testSubject.orderReaching(orderId, "COMPLETED");

        List<Map<String, Object>> events = jdbc.queryForList("""
                SELECT payload_type, convert_from(meta_data, 'UTF8')::jsonb ->> 'correlationId' AS correlation_id
                  FROM domain_event_entry WHERE convert_from(payload, 'UTF8') LIKE ?""", "%" + orderId + "%");
        assertThat(events).extracting(row -> row.get("payload_type").toString().replaceAll(".*\\.", ""))
                .contains("OrderPlaced", "ProductStockReserved", "OrderStockReserved", "PaymentTaken", "OrderPaid",
                        "ShipmentCreated", "OrderShipped", "ProductStockShipped", "OrderCompleted");
        Set<Object> correlationIds = new HashSet<>();
        events.forEach(row -> correlationIds.add(row.get("correlation_id")));
        assertThat(correlationIds).hasSize(1).doesNotContainNull();
    }

    @Test
    void anOrderForMoreThanIsAvailableIsCancelledOutOfStockAndReleasesTheOtherLines() {
        String plenty = testSubject.registerProduct("PLENTY", 10);
        String scarce = testSubject.registerProduct("SCARCE", 1);
        String customerId = testSubject.registerVisibleCustomer("buyer");

        String orderId = placeOrder(customerId, line(plenty, 3, "1.00", "EUR"),
                line(scarce, 2, "1.00", "EUR"));

        JsonNode order = testSubject.orderReaching(orderId, "CANCELLED", "COMPLETED");
        assertThat(order.path("cancellationReason").asString()).as(order.toString()).isEqualTo("OUT_OF_STOCK");
        assertThat(statuses(order)).containsExactly("PENDING", "CANCELLED");
        testSubject.awaitStock(plenty, 10, 0);
        testSubject.awaitStock(scarce, 1, 0);
        assertThat(SagaJournal.ended(jdbc, orderId)).containsEntry("step", "CANCELLED");
    }

    @Test
    void anOrderForAnUnknownSkuIsCancelled() {
        String customerId = testSubject.registerVisibleCustomer("buyer");

        String orderId = placeOrder(customerId, line(ApiClient.uniqueSku("NOPE"), 1, "1.00", "EUR"));

        JsonNode order = testSubject.orderReaching(orderId, "CANCELLED", "COMPLETED");
        assertThat(order.path("cancellationReason").asString()).isEqualTo("UNKNOWN_SKU");
    }

    @Test
    void theIdOfAnotherKindOfEntityIsAnUnknownSku() {
        String customerId = testSubject.registerVisibleCustomer("buyer");

        String orderId = placeOrder(customerId, line(customerId, 1, "1.00", "EUR"));

        JsonNode order = testSubject.orderReaching(orderId, "CANCELLED", "COMPLETED");
        assertThat(order.path("cancellationReason").asString()).isEqualTo("UNKNOWN_SKU");
    }

    @Test
    void aFailingPaymentProviderCancelsWithPaymentFailedAndReleasesTheStock() {
        String tea = testSubject.registerProduct("TEA", 10);
        String customerId = testSubject.registerVisibleCustomer("buyer");
        providers.set("payment", "1", 0);

        String orderId = placeOrder(customerId, line(tea, 4, "3.50", "EUR"));

        JsonNode order = testSubject.orderReaching(orderId, "CANCELLED", "COMPLETED");
        assertThat(order.path("cancellationReason").asString()).isEqualTo("PAYMENT_FAILED");
        assertThat(statuses(order)).containsExactly("PENDING", "STOCK_RESERVED", "CANCELLED");
        testSubject.awaitStock(tea, 10, 0);
    }

    @Test
    void aFailingShippingProviderRefundsThePaymentAndReleasesTheStock() {
        String tea = testSubject.registerProduct("TEA", 10);
        String customerId = testSubject.registerVisibleCustomer("buyer");
        providers.set("shipping", "1", 0);

        String orderId = placeOrder(customerId, line(tea, 4, "3.50", "EUR"));

        JsonNode order = testSubject.orderReaching(orderId, "CANCELLED", "COMPLETED");
        assertThat(order.path("cancellationReason").asString()).isEqualTo("SHIPPING_FAILED");
        assertThat(statuses(order)).containsExactly("PENDING", "STOCK_RESERVED", "PAID", "CANCELLED");
        testSubject.awaitStock(tea, 10, 0);
        String paymentId = order.path("paymentId").asString();
        assertThat(jdbc.queryForList("SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "ORDER BY sequence_number", String.class, paymentId))
                .extracting(type -> type.replaceAll(".*\\.", ""))
                .containsExactly("PaymentTaken", "PaymentRefunded");
    }

    @Test
    void aCustomerCancelWhileThePaymentCircuitIsOpenReleasesTheStockAndEndsTheSaga() {
        String tea = testSubject.registerProduct("TEA", 10);
        String customerId = testSubject.registerVisibleCustomer("buyer");
        providers.holdPayments();

        String orderId = placeOrder(customerId, line(tea, 4, "3.50", "EUR"));
        testSubject.orderReaching(orderId, "STOCK_RESERVED");
        testSubject.awaitStock(tea, 6, 4);
        Map<String, Object> waiting = await("saga waiting for payment")
                .atMost(Duration.ofSeconds(30))
                .until(() -> SagaJournal.of(jdbc, orderId), saga -> "PAYING".equals(saga.get("step")));
        assertThat(waiting).containsEntry("active", true);
        assertThat(waiting.get("deadline_at")).isNotNull();
        JsonNode listed = admin.get("/api/admin/sagas?state=ACTIVE&size=200").json();
        assertThat(listed.path("items").findValuesAsString("orderId")).contains(orderId);

        Answer cancelled = testSubject.cancelOrder(orderId, "changed my mind");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        JsonNode order = testSubject.orderReaching(orderId, "CANCELLED");
        assertThat(order.path("cancellationReason").asString()).isEqualTo("CANCELLED_BY_CUSTOMER");
        testSubject.awaitStock(tea, 10, 0);
        assertThat(SagaJournal.ended(jdbc, orderId)).containsEntry("step", "CANCELLED");
        testSubject.cancelOrder(orderId, "again").assertProblem(409);
    }

    @Test
    void aCompletedOrderCannotBeCancelled() {
        String tea = testSubject.registerProduct("TEA", 10);
        String customerId = testSubject.registerVisibleCustomer("buyer");
        String orderId = placeOrder(customerId, line(tea, 1, "3.50", "EUR"));
        testSubject.orderReaching(orderId, "COMPLETED");

        testSubject.cancelOrder(orderId, "too late").assertProblem(409);

        testSubject.awaitStock(tea, 9, 0);
    }

    @Test
    void theSagaListingIsPagedFilteredAndChecksItsParameters() {
        String tea = testSubject.registerProduct("TEA", 10);
        String customerId = testSubject.registerVisibleCustomer("buyer");
        String orderId = placeOrder(customerId, line(tea, 1, "3.50", "EUR"));
        testSubject.orderReaching(orderId, "COMPLETED");

        JsonNode ended = admin.get("/api/admin/sagas?state=ENDED&size=200").json();
        assertThat(ended.path("size").asInt()).isEqualTo(200);
        assertThat(ended.path("totalItems").asLong()).isPositive();
        JsonNode first = ended.path("items").get(0);
        assertThat(first.path("type").asString()).isEqualTo("OrderFulfilment");
        assertThat(first.path("sagaId").asString()).isNotBlank();
        assertThat(first.path("startedAt").asString()).endsWith("Z");
        JsonNode page = admin.get("/api/admin/sagas?size=1&page=0").json();
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("totalPages").asLong()).isEqualTo(page.path("totalItems").asLong());

        assertThat(admin.get("/api/admin/sagas?state=RUNNING").assertProblem(400).path("errors")
                .findValuesAsString("field")).containsExactly("state");
        admin.get("/api/admin/sagas?size=0").assertProblem(400);
        admin.get("/api/admin/sagas?sort=orderId").assertProblem(400);
        testSubject.get("/api/admin/sagas").assertProblem(403);
    }


    /** Places the order and lets its provider calls through the hold. */
    private String placeOrder(String customerId, String... lines) {
        String orderId = testSubject.placeOrder(customerId, lines);
        otherWork.allow(orderId);
        return orderId;
    }

    private static List<String> statuses(JsonNode order) {
        List<String> statuses = new ArrayList<>();
        order.path("timeline").forEach(entry -> statuses.add(entry.path("status").asString()));
        return statuses;
    }
}
