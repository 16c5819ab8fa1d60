package io.annals.command.order;

import io.annals.command.customer.CustomerRegistry;
import io.annals.kernel.error.StateConflictException;
import io.annals.kernel.error.VersionConflictException;
import io.annals.kernel.order.CancelOrderByCustomer;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderStatus;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;


import static io.annals.command.order.OrderHistory.*;
import static org.axonframework.test.matchers.Matchers.predicate;
import static org.mockito.Mockito.when;

/** The order aggregate's decisions on the customer's cancellation, given its past events. */
class OrderCancellingTest {

    private AggregateTestFixture<Order> testSubject;
    private CustomerRegistry registry;

    @BeforeEach
    void setUp() {
        registry = liveCustomers();
        testSubject = orderFixture(registry);
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
