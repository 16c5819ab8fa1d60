package io.annals.app.workflow;

import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.ApiClient;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.SandboxProviders;
import io.annals.app.test.StoredEvents;
import io.annals.kernel.Money;
import io.annals.kernel.order.CancelUnfulfillableOrder;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.order.CompleteOrder;
import io.annals.kernel.order.MarkOrderPaid;
import io.annals.kernel.order.MarkOrderShipped;
import io.annals.kernel.order.MarkOrderStockReserved;
import io.annals.kernel.payment.RecordPayment;
import io.annals.kernel.payment.RecordPaymentFailure;
import io.annals.kernel.payment.RefundPayment;
import io.annals.kernel.product.ReleaseProductStock;
import io.annals.kernel.product.ReserveProductStock;
import io.annals.kernel.product.ShipProductStock;
import io.annals.kernel.shipment.RecordShipment;
import io.annals.kernel.shipment.RecordShipmentFailure;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.annals.app.test.ApiClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fulfilment workflow's commands, sent through the {@link CommandGateway} as the saga sends them, and what the
 * API shows of them: the product's {@code available}/{@code reserved}, the order's status, payment, tracking number,
 * cancellation reason and timeline, and the same story from the event store ({@code /events}, {@code /state}).
 *
 * <p>The fulfilment saga runs too, held still: stock is reserved for order ids no real order has, and every order
 * test starts from an order whose saga reserved its stock and then waits for a payment that is held, so each command
 * here has exactly one possible answer.
 */
@EndToEndTest
class WorkflowCommandsTest {

    private static final Map<String, String> STATUS_OF_EVENT = Map.of(
            "OrderPlaced", "PENDING",
            "OrderStockReserved", "STOCK_RESERVED",
            "OrderPaid", "PAID",
            "OrderShipped", "SHIPPED",
            "OrderCompleted", "COMPLETED",
            "OrderCancelled", "CANCELLED");

    private final ApiClient api;
    private final CommandGateway commandGateway;
    private final StoredEvents storedEvents;
    private final SandboxProviders providers;

    WorkflowCommandsTest(@LocalServerPort int port, @Autowired CommandGateway commandGateway,
                         @Autowired JdbcTemplate jdbc, @Autowired CircuitBreakerRegistry circuits) {
        this.api = ApiClient.onPort(port);
        this.commandGateway = commandGateway;
        this.storedEvents = new StoredEvents(jdbc);
        this.providers = new SandboxProviders(api, circuits);
    }

    @BeforeEach
    void holdPayments() {
        providers.holdPayments();
    }

    @AfterEach
    void releasePayments() {
        providers.restore();
    }

    // --- products ---

    @Test
    void reservationsMoveStockToReservedReleasesBackAndShipmentsOut() {
        String sku = api.registerProduct("workflow", 10);
        String orderA = UUID.randomUUID().toString();
        String orderB = UUID.randomUUID().toString();
        String orderC = UUID.randomUUID().toString();

        assertThat(send(new ReserveProductStock(sku, orderA, 3))).isTrue();
        assertThat(send(new ReserveProductStock(sku, orderA, 3))).as("a repeat is idempotent").isTrue();
        assertThat(send(new ReserveProductStock(sku, orderB, 5))).isTrue();
        assertThat(send(new ReserveProductStock(sku, orderC, 3))).as("only 2 are left").isFalse();

        assertStock(api.productAtLeast(sku, 3), 2, 8, 3);

        assertThat(send(new ReleaseProductStock(sku, orderA))).isTrue();
        assertThat(send(new ShipProductStock(sku, orderB))).isTrue();
        assertThat(send(new ShipProductStock(sku, orderB))).as("shipped already").isFalse();
        assertThat(send(new ReleaseProductStock(sku, orderB))).as("shipped, nothing to release").isFalse();
        assertThat(send(new ReleaseProductStock(sku, orderC))).as("never reserved").isFalse();

        JsonNode product = api.productAtLeast(sku, 5);
        assertStock(product, 5, 0, 5);
        assertThat(product.path("available").asLong() + product.path("reserved").asLong())
                .as("initial + restocks - shipped").isEqualTo(10 - 5);

        List<JsonNode> events = events("products", sku);
        assertThat(events).extracting(event -> event.path("type").asString()).containsExactly("ProductRegistered",
                "ProductStockReserved", "ProductStockReserved", "ProductStockReservationRejected", "ProductStockReleased", "ProductStockShipped");
        JsonNode rejection = events.get(3).path("payload");
        assertThat(rejection.path("orderId").asString()).isEqualTo(orderC);
        assertThat(rejection.path("quantity").asInt()).isEqualTo(3);
        assertThat(rejection.path("available").asLong()).isEqualTo(2);
        assertThat(rejection.path("reason").asString()).isEqualTo("OUT_OF_STOCK");
        assertThat(events.get(4).path("payload").path("quantity").asInt()).as("released what A reserved").isEqualTo(3);
        assertThat(events.get(5).path("payload").path("quantity").asInt()).as("shipped what B reserved").isEqualTo(5);

        assertStock(state("products", sku, "atVersion=2"), 2, 8, 2);
        assertStock(state("products", sku, "atVersion=4"), 5, 5, 4);
        assertStock(state("products", sku, "atVersion=5"), 5, 0, 5);
    }

    @Test
    void aReservationLargerThanTheStockIsRejectedYetTheProductsVersionMovesForReadYourWrites() {
        String sku = api.registerProduct("workflow-empty", 0);

        assertThat(send(new ReserveProductStock(sku, UUID.randomUUID().toString(), 1))).isFalse();

        assertStock(api.productAtLeast(sku, 1), 0, 0, 1);
    }

    // --- orders ---

    @Test
    void theOrdersStepsShowInItsViewAndTemporalStateExactlyAsItsEventsTellThem() {
        String orderId = orderAwaitingPayment();
        String paymentId = UUID.randomUUID().toString();
        String trackingNumber = "TRK-" + UUID.randomUUID();

        assertThat(send(new MarkOrderStockReserved(orderId))).as("the saga reserved the stock already").isFalse();
        assertThat(send(new MarkOrderPaid(orderId, paymentId))).isTrue();
        assertThat(send(new MarkOrderShipped(orderId, UUID.randomUUID().toString(), trackingNumber))).isTrue();
        assertThat(send(new CompleteOrder(orderId, UUID.randomUUID().toString()))).isTrue();

        assertThat(send(new CompleteOrder(orderId, UUID.randomUUID().toString()))).as("a repeat").isFalse();
        assertThat(send(new CancelUnfulfillableOrder(orderId, CancellationReason.PAYMENT_FAILED, "late"))).isFalse();
        api.cancelOrder(orderId, "too late").assertProblem(409);
        List<JsonNode> events = events("orders", orderId);
        assertThat(statuses(events)).containsExactly("PENDING", "STOCK_RESERVED", "PAID", "SHIPPED", "COMPLETED");
        assertThat(payloadOf(events, "OrderPaid", "paymentId")).isEqualTo(paymentId);
        assertThat(payloadOf(events, "OrderShipped", "trackingNumber")).isEqualTo(trackingNumber);
        JsonNode order = assertViewAndStateTellTheEvents(orderId);
        assertThat(order.path("status").asString()).isEqualTo("COMPLETED");
    }

    @Test
    void anAbortedOrderReadsCancelledWithTheReasonAndIgnoresLaterSteps() {
        String orderId = orderAwaitingPayment();

        assertThat(send(new MarkOrderPaid(orderId, UUID.randomUUID().toString()))).isTrue();
        assertThat(send(new CancelUnfulfillableOrder(orderId, CancellationReason.SHIPPING_FAILED, "carrier down"))).isTrue();

        assertThat(send(new CancelUnfulfillableOrder(orderId, CancellationReason.PAYMENT_TIMEOUT, "again"))).isFalse();
        assertThat(send(new MarkOrderShipped(orderId, UUID.randomUUID().toString(), "TRK-1"))).isFalse();
        api.cancelOrder(orderId, "too late").assertProblem(409);
        List<JsonNode> events = events("orders", orderId);
        assertThat(statuses(events)).containsExactly("PENDING", "STOCK_RESERVED", "PAID", "CANCELLED");
        JsonNode order = assertViewAndStateTellTheEvents(orderId);
        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("cancellationReason").asString()).isEqualTo("SHIPPING_FAILED");
        assertThat(order.has("trackingNumber")).isFalse();
    }

    @Test
    void theCustomerMayStillCancelAPaidOrder() {
        String orderId = orderAwaitingPayment();
        assertThat(send(new MarkOrderPaid(orderId, "pay-" + orderId))).isTrue();

        Answer cancelled = api.cancelOrder(orderId, "changed my mind");

        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        List<JsonNode> events = events("orders", orderId);
        assertThat(statuses(events)).containsExactly("PENDING", "STOCK_RESERVED", "PAID", "CANCELLED");
        assertThat(payloadOf(events, "OrderCancelled", "reason")).isEqualTo("CANCELLED_BY_CUSTOMER");
        assertViewAndStateTellTheEvents(orderId);
    }

    @Test
    void theCustomerMayNotCancelAShippedOrder() {
        String orderId = orderAwaitingPayment();
        assertThat(send(new MarkOrderPaid(orderId, "pay-" + orderId))).isTrue();
        assertThat(send(new MarkOrderShipped(orderId, UUID.randomUUID().toString(), "TRK-" + orderId))).isTrue();

        api.cancelOrder(orderId, "changed my mind").assertProblem(409);

        List<JsonNode> events = events("orders", orderId);
        assertThat(statuses(events)).containsExactly("PENDING", "STOCK_RESERVED", "PAID", "SHIPPED");
        assertViewAndStateTellTheEvents(orderId);
        // ends the order, and with it its saga, which would otherwise wait for the payment it no longer needs
        assertThat(send(new CompleteOrder(orderId, UUID.randomUUID().toString()))).isTrue();
    }

    // --- payments and shipments ---

    @Test
    void aPaymentIsRecordedOnceAndRefundedOnce() {
        String paymentId = UUID.randomUUID().toString();
        String orderId = UUID.randomUUID().toString();
        Money amount = new Money(new BigDecimal("7.00"), "EUR");

        assertThat(send(new RecordPayment(paymentId, orderId, amount, "psp-1"))).isTrue();
        assertThat(send(new RecordPayment(paymentId, orderId, amount, "psp-2"))).isFalse();
        assertThat(send(new RecordPaymentFailure(paymentId, orderId, amount, "late failure"))).isFalse();
        assertThat(send(new RefundPayment(paymentId, "order cancelled"))).isTrue();
        assertThat(send(new RefundPayment(paymentId, "again"))).isFalse();

        assertThat(storedEvents.count("PaymentTaken", paymentId)).isEqualTo(1);
        assertThat(storedEvents.count("PaymentFailed", paymentId)).isZero();
        assertThat(storedEvents.count("PaymentRefunded", paymentId)).isEqualTo(1);
    }

    @Test
    void aFailedPaymentCannotBeRefunded() {
        String paymentId = UUID.randomUUID().toString();
        Money amount = new Money(new BigDecimal("7.00"), "EUR");

        assertThat(send(new RecordPaymentFailure(paymentId, UUID.randomUUID().toString(), amount, "declined")))
                .isTrue();
        assertThat(send(new RefundPayment(paymentId, "compensation"))).isFalse();

        assertThat(storedEvents.count("PaymentFailed", paymentId)).isEqualTo(1);
        assertThat(storedEvents.count("PaymentRefunded", paymentId)).isZero();
    }

    @Test
    void aShipmentIsRecordedOnce() {
        String shipmentId = UUID.randomUUID().toString();
        String failedId = UUID.randomUUID().toString();
        String orderId = UUID.randomUUID().toString();

        assertThat(send(new RecordShipment(shipmentId, orderId, "TRK-1"))).isTrue();
        assertThat(send(new RecordShipment(shipmentId, orderId, "TRK-2"))).isFalse();
        assertThat(send(new RecordShipmentFailure(failedId, orderId, "carrier down"))).isTrue();
        assertThat(send(new RecordShipmentFailure(failedId, orderId, "carrier down"))).isFalse();

        assertThat(storedEvents.count("ShipmentCreated", shipmentId)).isEqualTo(1);
        assertThat(storedEvents.count("ShipmentFailed", failedId)).isEqualTo(1);
    }

    // --- helpers ---

    private boolean send(Object command) {
        Object result = commandGateway.sendAndWait(command);
        assertThat(result).as("result of %s", command).isInstanceOf(Boolean.class);
        return (Boolean) result;
    }

    /**
     * An order the fulfilment saga has reserved the stock of and then stands still on: payments are held
     * ({@link SandboxProviders#holdPayments()}), so the saga only retries the payment until this test moves the
     * order on (its 30 s payment timeout is far away). The saga reacts to nothing this test does but a cancellation
     * (it releases the stock then) and a completion (it ends).
     */
    private String orderAwaitingPayment() {
        String customerId = api.registerCustomer(uniqueEmail("workflow"), "Workflow Buyer");
        return api.placeOrderAwaitingPayment(customerId);
    }

    private static void assertStock(JsonNode product, long available, long reserved, long version) {
        assertThat(product.path("available").asLong()).as("available in %s", product).isEqualTo(available);
        assertThat(product.path("reserved").asLong()).as("reserved in %s", product).isEqualTo(reserved);
        assertThat(product.path("version").asLong()).as("version in %s", product).isEqualTo(version);
    }

    /**
     * The order's view at its latest version, and its temporal state at that version, both say what its events say:
     * status, payment id, tracking number, cancellation reason, one timeline entry per status change at the event's
     * timestamp, and the version. Absent facts are absent members. Returns the view.
     */
    private JsonNode assertViewAndStateTellTheEvents(String orderId) {
        List<JsonNode> events = events("orders", orderId);
        long version = events.get(events.size() - 1).path("version").asLong();
        JsonNode view = api.orderAtLeast(orderId, version);
        JsonNode state = state("orders", orderId, "atVersion=" + version);
        for (JsonNode order : List.of(view, state)) {
            assertThat(order.path("orderId").asString()).isEqualTo(orderId);
            assertThat(order.path("version").asLong()).isEqualTo(version);
            assertThat(order.path("status").asString()).isEqualTo(statuses(events).get(statuses(events).size() - 1));
            assertOptional(order, "paymentId", payloadOf(events, "OrderPaid", "paymentId"));
            assertOptional(order, "trackingNumber", payloadOf(events, "OrderShipped", "trackingNumber"));
            assertOptional(order, "cancellationReason", payloadOf(events, "OrderCancelled", "reason"));
            List<String> timelineStatuses = new ArrayList<>();
            List<Instant> timelineInstants = new ArrayList<>();
            order.path("timeline").forEach(entry -> {
                timelineStatuses.add(entry.path("status").asString());
                timelineInstants.add(Instant.parse(entry.path("at").asString()));
            });
            assertThat(timelineStatuses).as("timeline of %s", order).isEqualTo(statuses(events));
            assertThat(timelineInstants).as("timeline of %s", order).isEqualTo(timestamps(events));
        }
        assertThat(state.path("lines")).isEqualTo(view.path("lines"));
        assertThat(state.path("total")).isEqualTo(view.path("total"));
        assertThat(state.path("customerId")).isEqualTo(view.path("customerId"));
        return view;
    }

    private static void assertOptional(JsonNode order, String field, String expected) {
        if (expected == null) {
            assertThat(order.has(field)).as("%s absent from %s", field, order).isFalse();
        } else {
            assertThat(order.path(field).asString()).as("%s of %s", field, order).isEqualTo(expected);
        }
    }

    private static String payloadOf(List<JsonNode> events, String type, String field) {
        return events.stream().filter(event -> event.path("type").asString().equals(type))
                .map(event -> event.path("payload").path(field).asString())
                .reduce((first, second) -> second).orElse(null);
    }

    /** The status each status-changing event of the order moved it to, in order. */
    private static List<String> statuses(List<JsonNode> events) {
        return statusChanges(events).map(event -> STATUS_OF_EVENT.get(event.path("type").asString())).toList();
    }

    private static List<Instant> timestamps(List<JsonNode> events) {
        return statusChanges(events).map(event -> Instant.parse(event.path("timestamp").asString())).toList();
    }

    private static Stream<JsonNode> statusChanges(List<JsonNode> events) {
        return events.stream().filter(event -> STATUS_OF_EVENT.containsKey(event.path("type").asString()));
    }

    private List<JsonNode> events(String kind, String id) {
        Answer answer = api.events(kind, id);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> events = new ArrayList<>();
        answer.json().forEach(events::add);
        return events;
    }

    private JsonNode state(String kind, String id, String query) {
        Answer answer = api.get("/api/" + kind + "/" + id + "/state?" + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }
}
