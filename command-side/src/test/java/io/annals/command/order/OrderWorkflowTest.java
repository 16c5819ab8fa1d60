package io.annals.command.order;

import io.annals.command.customer.CustomerRegistry;
import io.annals.kernel.order.CancelUnfulfillableOrder;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.order.CompleteOrder;
import io.annals.kernel.order.MarkOrderPaid;
import io.annals.kernel.order.MarkOrderShipped;
import io.annals.kernel.order.MarkOrderStockReserved;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderCompleted;
import io.annals.kernel.order.OrderPaid;
import io.annals.kernel.order.OrderShipped;
import io.annals.kernel.order.OrderStatus;
import io.annals.kernel.order.OrderStockReserved;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.annals.command.order.OrderHistory.*;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.mockito.Mockito.when;

/** The order aggregate's decisions on the fulfilment workflow's steps, given its past events. */
class OrderWorkflowTest {

    private AggregateTestFixture<Order> testSubject;
    private CustomerRegistry registry;

    @BeforeEach
    void setUp() {
        registry = liveCustomers();
        testSubject = orderFixture(registry);
    }

    /** Every workflow step with the one status it applies to. */
    static Stream<Arguments> workflowSteps() {
        return Stream.of(
                arguments(new MarkOrderStockReserved(ORDER_ID), OrderStatus.PENDING),
                arguments(new MarkOrderPaid(ORDER_ID, PAYMENT_ID), OrderStatus.STOCK_RESERVED),
                arguments(new MarkOrderShipped(ORDER_ID, SHIPMENT_ID, TRACKING), OrderStatus.PAID),
                arguments(new CompleteOrder(ORDER_ID, BATCH_ID), OrderStatus.SHIPPED));
    }

    @Test
    void markingStockReservedMovesAPendingOrderOn() {
        testSubject.given(historyUpTo(OrderStatus.PENDING))
                .when(new MarkOrderStockReserved(ORDER_ID))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderStockReserved(ORDER_ID))
                .expectResultMessagePayload(true);
    }

    @Test
    void markingPaidMovesAStockReservedOrderOnWithThePayment() {
        testSubject.given(historyUpTo(OrderStatus.STOCK_RESERVED))
                .when(new MarkOrderPaid(ORDER_ID, PAYMENT_ID))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderPaid(ORDER_ID, PAYMENT_ID))
                .expectResultMessagePayload(true);
    }

    @Test
    void markingShippedMovesAPaidOrderOnWithShipmentAndTrackingNumber() {
        testSubject.given(historyUpTo(OrderStatus.PAID))
                .when(new MarkOrderShipped(ORDER_ID, SHIPMENT_ID, TRACKING))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderShipped(ORDER_ID, SHIPMENT_ID, TRACKING))
                .expectResultMessagePayload(true);
    }

    @Test
    void completingMovesAShippedOrderOnWithTheConfirmationBatch() {
        testSubject.given(historyUpTo(OrderStatus.SHIPPED))
                .when(new CompleteOrder(ORDER_ID, BATCH_ID))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderCompleted(ORDER_ID, BATCH_ID))
                .expectResultMessagePayload(true);
    }

    @ParameterizedTest
    @MethodSource("workflowSteps")
    void aWorkflowStepInAnyOtherStatusChangesNothingAndAnswersNotApplied(Object step, OrderStatus appliesTo) {
        for (OrderStatus status : OrderStatus.values()) {
            if (status == appliesTo) {
                continue;
            }
            testSubject.given(historyUpTo(status))
                    .when(step)
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(false);
        }
    }

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = {"PENDING", "STOCK_RESERVED", "PAID"})
    void abortingAnOrderThatHasNotShippedCancelsItWithTheReasonAndDetail(OrderStatus status) {
        testSubject.given(historyUpTo(status))
                .when(new CancelUnfulfillableOrder(ORDER_ID, CancellationReason.PAYMENT_FAILED, "card declined"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderCancelled(ORDER_ID, CancellationReason.PAYMENT_FAILED, "card declined"))
                .expectResultMessagePayload(true);
    }

    @Test
    void abortingWithoutDetailCancelsWithTheReasonAlone() {
        testSubject.given(historyUpTo(OrderStatus.PENDING))
                .when(new CancelUnfulfillableOrder(ORDER_ID, CancellationReason.PAYMENT_TIMEOUT, null))
                .expectEvents(new OrderCancelled(ORDER_ID, CancellationReason.PAYMENT_TIMEOUT, null));
    }

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = {"SHIPPED", "COMPLETED", "CANCELLED"})
    void abortingAShippedCompletedOrCancelledOrderChangesNothingAndAnswersNotApplied(OrderStatus status) {
        testSubject.given(historyUpTo(status))
                .when(new CancelUnfulfillableOrder(ORDER_ID, CancellationReason.SHIPPING_FAILED, "carrier down"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aCustomerCancelledOrderIgnoresTheWorkflowsLaterSteps() {
        testSubject.given(placed(), new OrderStockReserved(ORDER_ID),
                        new OrderCancelled(ORDER_ID, CancellationReason.CANCELLED_BY_CUSTOMER, "no longer needed"))
                .when(new MarkOrderPaid(ORDER_ID, PAYMENT_ID))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void aWorkflowStepForAnUnknownOrderFails() {
        testSubject.givenNoPriorActivity()
                .when(new MarkOrderStockReserved(ORDER_ID))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }
}
