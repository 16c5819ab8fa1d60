package io.annals.command.order;

import io.annals.command.customer.CustomerRegistry;
import io.annals.kernel.Money;
import io.annals.kernel.error.StateConflictException;
import io.annals.kernel.error.VersionConflictException;
import io.annals.kernel.order.Address;
import io.annals.kernel.order.CancelOrderByCustomer;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderCompleted;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.OrderPaid;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderShipped;
import io.annals.kernel.order.OrderStatus;
import io.annals.kernel.order.OrderStockReserved;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.util.List;

import static org.axonframework.test.matchers.Matchers.predicate;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The order aggregate's decisions on the customer's cancellation, given its past events. */
class OrderCancellingTest {

    private static final String ORDER_ID = "8d0f5a0e-2b8e-4c39-9a7e-5f1e0c6b7a21";
    private static final String CUSTOMER_ID = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
    private static final String EMAIL = "ada@example.com";
    private static final Address ADDRESS = new Address("1 Analytical Way", "London", "NW1 6XE", "GB");
    private static final String PAYMENT_ID = "pay-1";
    private static final String SHIPMENT_ID = "ship-1";
    private static final String TRACKING = "TRACK-123";
    private static final String BATCH_ID = "batch-1";
    private static final List<OrderLine> LINES = List.of(
            new OrderLine("TEA-1", 3, eur("0.10")),
            new OrderLine("POT-2", 1, eur("19.99")));

    private AggregateTestFixture<Order> testSubject;
    private CustomerRegistry registry;

    @BeforeEach
    void setUp() {
        registry = mock(CustomerRegistry.class);
        when(registry.lockIfLive(anyString())).thenReturn(true);
        testSubject = new AggregateTestFixture<>(Order.class);
        testSubject.registerInjectableResource(registry);
    }

    private static Money eur(String amount) {
        return new Money(new BigDecimal(amount), "EUR");
    }

    private static OrderPlaced placed() {
        return new OrderPlaced(ORDER_ID, CUSTOMER_ID, EMAIL, LINES, eur("20.29"), ADDRESS);
    }

    /** The events that bring the order to {@code status} along the happy path (CANCELLED: cancelled while PENDING). */
    private static List<Object> historyUpTo(OrderStatus status) {
        List<Object> happyPath = List.of(placed(), new OrderStockReserved(ORDER_ID), new OrderPaid(ORDER_ID, PAYMENT_ID),
                new OrderShipped(ORDER_ID, SHIPMENT_ID, TRACKING), new OrderCompleted(ORDER_ID, BATCH_ID));
        if (status == OrderStatus.CANCELLED) {
            return List.of(placed(), new OrderCancelled(ORDER_ID, CancellationReason.OUT_OF_STOCK, "TEA-1"));
        }
        return happyPath.subList(0, status.ordinal() + 1);
    }

    @Test
    void cancellingAPendingOrderRecordsTheCustomersCancellation() {
        testSubject.given(placed())
                .when(new CancelOrderByCustomer(ORDER_ID, "changed my mind", null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderCancelled(ORDER_ID, CancellationReason.CANCELLED_BY_CUSTOMER, "changed my mind"))
                .expectResultMessagePayload(1L);
    }

    @Test
    void cancellingWithTheCurrentVersionSucceeds() {
        testSubject.given(placed())
                .when(new CancelOrderByCustomer(ORDER_ID, "changed my mind", 0L))
                .expectEvents(
                        new OrderCancelled(ORDER_ID, CancellationReason.CANCELLED_BY_CUSTOMER, "changed my mind"));
    }

    @Test
    void cancellingACancelledOrderIsAStateConflict() {
        testSubject.given(placed(), new OrderCancelled(ORDER_ID, CancellationReason.CANCELLED_BY_CUSTOMER, "first"))
                .when(new CancelOrderByCustomer(ORDER_ID, "second", null))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void cancellingWithAStaleVersionIsAVersionConflict() {
        testSubject.given(placed(), new OrderCancelled(ORDER_ID, CancellationReason.CANCELLED_BY_CUSTOMER, "first"))
                .when(new CancelOrderByCustomer(ORDER_ID, "second", 0L))
                .expectException(predicate(e -> e instanceof VersionConflictException conflict
                        && conflict.expectedVersion() == 0 && conflict.actualVersion() == 1))
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = {"STOCK_RESERVED", "PAID"})
    void theCustomerMayCancelUntilTheOrderHasShipped(OrderStatus status) {
        testSubject.given(historyUpTo(status))
                .when(new CancelOrderByCustomer(ORDER_ID, "changed my mind", null))
                .expectEvents(new OrderCancelled(ORDER_ID, CancellationReason.CANCELLED_BY_CUSTOMER, "changed my mind"))
                .expectResultMessagePayload((long) historyUpTo(status).size());
    }

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = {"SHIPPED", "COMPLETED"})
    void cancellingAShippedOrCompletedOrderIsAStateConflict(OrderStatus status) {
        testSubject.given(historyUpTo(status))
                .when(new CancelOrderByCustomer(ORDER_ID, "too late", null))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void cancellingAnUnknownOrderFails() {
        testSubject.givenNoPriorActivity()
                .when(new CancelOrderByCustomer(ORDER_ID, "why not", null))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }
}
