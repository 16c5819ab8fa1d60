package io.annals.command.order;

import io.annals.command.customer.CustomerRegistry;
import io.annals.kernel.Money;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.error.UnknownCustomerException;
import io.annals.kernel.order.Address;
import io.annals.kernel.order.OrderLimits;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.PlaceOrder;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.annals.command.order.OrderHistory.*;
import static org.axonframework.test.matchers.Matchers.predicate;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The order aggregate's decisions on placing, given its past events. Whether the customer is live is the
 * {@link CustomerRegistry}'s answer, a test double here; the real table is tested end to end.
 */
class OrderTest {

    private AggregateTestFixture<Order> testSubject;
    private CustomerRegistry registry;

    @BeforeEach
    void setUp() {
        registry = liveCustomers();
        testSubject = orderFixture(registry);
    }

    private static PlaceOrder place(List<OrderLine> lines, Address address) {
        return new PlaceOrder(ORDER_ID, CUSTOMER_ID, EMAIL, lines, address);
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

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
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
}
