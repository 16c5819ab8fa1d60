package io.annals.command.order;

import io.annals.command.customer.CustomerRegistry;
import io.annals.kernel.Money;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.error.StateConflictException;
import io.annals.kernel.error.UnknownCustomerException;
import io.annals.kernel.error.VersionConflictException;
import io.annals.kernel.order.AbortOrder;
import io.annals.kernel.order.Address;
import io.annals.kernel.order.CancelOrder;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.order.CompleteOrder;
import io.annals.kernel.order.MarkOrderPaid;
import io.annals.kernel.order.CheckShippable;
import io.annals.kernel.order.MarkOrderShipped;
import io.annals.kernel.order.MarkStockReserved;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderCompleted;
import io.annals.kernel.order.OrderLimits;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.OrderPaid;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderShipped;
import io.annals.kernel.order.OrderStatus;
import io.annals.kernel.order.OrderStockReserved;
import io.annals.kernel.order.PlaceOrder;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.axonframework.test.matchers.Matchers.predicate;
import static org.junit.jupiter.params.provider.Arguments.arguments;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The order aggregate's decisions, given its past events. Whether the customer is live is the
 * {@link CustomerRegistry}'s answer, a test double here; the real table is tested end to end.
 */
class OrderTest {

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

    private static PlaceOrder place(List<OrderLine> lines, Address address) {
        return new PlaceOrder(ORDER_ID, CUSTOMER_ID, EMAIL, lines, address);
    }

    private static OrderPlaced placed() {
        return new OrderPlaced(ORDER_ID, CUSTOMER_ID, EMAIL, LINES, eur("20.29"), ADDRESS);
    }

    private static List<OrderLine> lines(int count) {
        return Collections.nCopies(count, new OrderLine("TEA-1", 1, eur("1.00")));
    }

    /** Three valid lines, the one at {@code index} replaced. */
    private static List<OrderLine> threeLinesWith(int index, OrderLine replacement) {
        List<OrderLine> lines = new ArrayList<>(lines(3));
        lines.set(index, replacement);
        return lines;
    }

    private static Matcher<Object> ruleViolationOn(String field) {
        return predicate(e -> e instanceof RuleViolationException violation && field.equals(violation.field()));
    }

    // --- placing ---

    @Test
    void placingAnOrderForALiveCustomerRecordsItWithTheExactTotal() {
        testSubject.givenNoPriorActivity()
                .when(place(LINES, ADDRESS))
                .expectSuccessfulHandlerExecution()
                .expectEvents(placed());

        verify(registry).lockIfLive(CUSTOMER_ID);
    }

    @Test
    void theTotalIsExactForAmountsThatBinaryFloatingPointCannotHold() {
        List<OrderLine> lines = List.of(new OrderLine("A", 1, eur("0.10")), new OrderLine("B", 1, eur("0.20")),
                new OrderLine("C", OrderLimits.MAX_QUANTITY, eur("0.01")));

        testSubject.givenNoPriorActivity()
                .when(place(lines, ADDRESS))
                .expectEvents(new OrderPlaced(ORDER_ID, CUSTOMER_ID, EMAIL, lines, eur("100.30"), ADDRESS));
    }

    @Test
    void theTotalIsInTheLinesCurrencyAtItsScale() {
        List<OrderLine> lines = List.of(new OrderLine("A", 2, new Money(new BigDecimal("150"), "JPY")));

        testSubject.givenNoPriorActivity()
                .when(place(lines, ADDRESS))
                .expectEvents(new OrderPlaced(ORDER_ID, CUSTOMER_ID, EMAIL, lines,
                        new Money(new BigDecimal("300"), "JPY"), ADDRESS));
    }

    @Test
    void placingAnOrderWithTheMostLinesAllowedSucceeds() {
        testSubject.givenNoPriorActivity()
                .when(place(lines(OrderLimits.MAX_LINES), ADDRESS))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void placingAnOrderForAnUnknownOrDeletedCustomerIsRejected() {
        when(registry.lockIfLive(CUSTOMER_ID)).thenReturn(false);

        testSubject.givenNoPriorActivity()
                .when(place(LINES, ADDRESS))
                .expectException(UnknownCustomerException.class)
                .expectNoEvents();
    }

    @Test
    void placingAnOrderWithoutLinesIsRejected() {
        testSubject.givenNoPriorActivity()
                .when(place(List.of(), ADDRESS))
                .expectException(ruleViolationOn("lines"))
                .expectNoEvents();

        verifyNoInteractions(registry);
    }

    @Test
    void placingAnOrderWithMoreThanTheMostLinesIsRejected() {
        testSubject.givenNoPriorActivity()
                .when(place(lines(OrderLimits.MAX_LINES + 1), ADDRESS))
                .expectException(ruleViolationOn("lines"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, OrderLimits.MAX_QUANTITY + 1})
    void aQuantityOutOfRangeIsRejectedNamingItsLine(int quantity) {
        testSubject.givenNoPriorActivity()
                .when(place(threeLinesWith(1, new OrderLine("TEA-1", quantity, eur("1.00"))), ADDRESS))
                .expectException(ruleViolationOn("lines[1].quantity"))
                .expectNoEvents();

        verifyNoInteractions(registry);
    }

    @ParameterizedTest
    @ValueSource(ints = {OrderLimits.MIN_QUANTITY, OrderLimits.MAX_QUANTITY})
    void theSmallestAndLargestQuantityAreAllowed(int quantity) {
        testSubject.givenNoPriorActivity()
                .when(place(threeLinesWith(1, new OrderLine("TEA-1", quantity, eur("1.00"))), ADDRESS))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void aSecondCurrencyIsRejectedNamingTheLineThatBringsIt() {
        testSubject.givenNoPriorActivity()
                .when(place(threeLinesWith(2, new OrderLine("TEA-1", 1, new Money(BigDecimal.ONE, "USD"))), ADDRESS))
                .expectException(ruleViolationOn("lines[2].unitPrice.currency"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"has space", "slash/ed"})
    void anInvalidSkuIsRejectedNamingItsLine(String sku) {
        testSubject.givenNoPriorActivity()
                .when(place(threeLinesWith(0, new OrderLine(sku, 1, eur("1.00"))), ADDRESS))
                .expectException(ruleViolationOn("lines[0].sku"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"not-an-email"})
    void anInvalidCustomerEmailIsRejected(String email) {
        testSubject.givenNoPriorActivity()
                .when(new PlaceOrder(ORDER_ID, CUSTOMER_ID, email, LINES, ADDRESS))
                .expectException(ruleViolationOn("customerEmail"))
                .expectNoEvents();
    }

    @Test
    void anOrderWithoutShippingAddressIsRejected() {
        testSubject.givenNoPriorActivity()
                .when(place(LINES, null))
                .expectException(ruleViolationOn("shippingAddress"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"line1", "city", "postalCode", "country"})
    void aBlankAddressFieldIsRejectedNamingIt(String field) {
        expectAddressFieldRejected(field, " ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"line1", "city", "postalCode", "country"})
    void aMissingAddressFieldIsRejectedNamingIt(String field) {
        expectAddressFieldRejected(field, null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"line1", "city", "postalCode", "country"})
    void anAddressFieldLongerThanTheLimitIsRejectedNamingIt(String field) {
        expectAddressFieldRejected(field, "x".repeat(OrderLimits.MAX_ADDRESS_FIELD_LENGTH + 1));
    }

    private void expectAddressFieldRejected(String field, String value) {
        UnaryOperator<String> pick = name -> name.equals(field) ? value : "x";
        Address address = new Address(pick.apply("line1"), pick.apply("city"), pick.apply("postalCode"),
                pick.apply("country"));

        testSubject.givenNoPriorActivity()
                .when(place(LINES, address))
                .expectException(ruleViolationOn("shippingAddress." + field))
                .expectNoEvents();

        verifyNoInteractions(registry);
    }

    // --- cancelling ---

    @Test
    void cancellingAPendingOrderRecordsTheCustomersCancellation() {
        testSubject.given(placed())
                .when(new CancelOrder(ORDER_ID, "changed my mind", null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderCancelled(ORDER_ID, CancellationReason.CANCELLED_BY_CUSTOMER, "changed my mind"))
                .expectResultMessagePayload(1L);
    }

    @Test
    void cancellingWithTheCurrentVersionSucceeds() {
        testSubject.given(placed())
                .when(new CancelOrder(ORDER_ID, "changed my mind", 0L))
                .expectEvents(
                        new OrderCancelled(ORDER_ID, CancellationReason.CANCELLED_BY_CUSTOMER, "changed my mind"));
    }

    @Test
    void cancellingACancelledOrderIsAStateConflict() {
        testSubject.given(placed(), new OrderCancelled(ORDER_ID, CancellationReason.CANCELLED_BY_CUSTOMER, "first"))
                .when(new CancelOrder(ORDER_ID, "second", null))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void cancellingWithAStaleVersionIsAVersionConflict() {
        testSubject.given(placed(), new OrderCancelled(ORDER_ID, CancellationReason.CANCELLED_BY_CUSTOMER, "first"))
                .when(new CancelOrder(ORDER_ID, "second", 0L))
                .expectException(predicate(e -> e instanceof VersionConflictException conflict
                        && conflict.expectedVersion() == 0 && conflict.actualVersion() == 1))
                .expectNoEvents();
    }

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = {"STOCK_RESERVED", "PAID"})
    void theCustomerMayCancelUntilTheOrderHasShipped(OrderStatus status) {
        testSubject.given(historyUpTo(status))
                .when(new CancelOrder(ORDER_ID, "changed my mind", null))
                .expectEvents(new OrderCancelled(ORDER_ID, CancellationReason.CANCELLED_BY_CUSTOMER, "changed my mind"))
                .expectResultMessagePayload((long) historyUpTo(status).size());
    }

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = {"SHIPPED", "COMPLETED"})
    void cancellingAShippedOrCompletedOrderIsAStateConflict(OrderStatus status) {
        testSubject.given(historyUpTo(status))
                .when(new CancelOrder(ORDER_ID, "too late", null))
                .expectException(StateConflictException.class)
                .expectNoEvents();
    }

    @Test
    void cancellingAnUnknownOrderFails() {
        testSubject.givenNoPriorActivity()
                .when(new CancelOrder(ORDER_ID, "why not", null))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    // --- the workflow's steps ---

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
    void markingStockReservedMovesAPendingOrderOn() {
        testSubject.given(historyUpTo(OrderStatus.PENDING))
                .when(new MarkStockReserved(ORDER_ID))
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
    @EnumSource(OrderStatus.class)
    void onlyAPaidOrderIsShippableAndAskingChangesNothing(OrderStatus status) {
        testSubject.given(historyUpTo(status))
                .when(new CheckShippable(ORDER_ID))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(status == OrderStatus.PAID);
    }

    /** Every workflow step with the one status it applies to. */
    static Stream<Arguments> workflowSteps() {
        return Stream.of(
                arguments(new MarkStockReserved(ORDER_ID), OrderStatus.PENDING),
                arguments(new MarkOrderPaid(ORDER_ID, PAYMENT_ID), OrderStatus.STOCK_RESERVED),
                arguments(new MarkOrderShipped(ORDER_ID, SHIPMENT_ID, TRACKING), OrderStatus.PAID),
                arguments(new CompleteOrder(ORDER_ID, BATCH_ID), OrderStatus.SHIPPED));
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
                .when(new AbortOrder(ORDER_ID, CancellationReason.PAYMENT_FAILED, "card declined"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderCancelled(ORDER_ID, CancellationReason.PAYMENT_FAILED, "card declined"))
                .expectResultMessagePayload(true);
    }

    @Test
    void abortingWithoutDetailCancelsWithTheReasonAlone() {
        testSubject.given(historyUpTo(OrderStatus.PENDING))
                .when(new AbortOrder(ORDER_ID, CancellationReason.PAYMENT_TIMEOUT, null))
                .expectEvents(new OrderCancelled(ORDER_ID, CancellationReason.PAYMENT_TIMEOUT, null));
    }

    @ParameterizedTest
    @EnumSource(value = OrderStatus.class, names = {"SHIPPED", "COMPLETED", "CANCELLED"})
    void abortingAShippedCompletedOrCancelledOrderChangesNothingAndAnswersNotApplied(OrderStatus status) {
        testSubject.given(historyUpTo(status))
                .when(new AbortOrder(ORDER_ID, CancellationReason.SHIPPING_FAILED, "carrier down"))
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
                .when(new MarkStockReserved(ORDER_ID))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }
}
