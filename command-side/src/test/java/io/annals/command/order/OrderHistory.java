package io.annals.command.order;

import io.annals.command.customer.CustomerRegistry;
import io.annals.kernel.Money;
import io.annals.kernel.order.Address;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderCompleted;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.OrderPaid;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderShipped;
import io.annals.kernel.order.OrderStatus;
import io.annals.kernel.order.OrderStockReserved;

import org.axonframework.test.aggregate.AggregateTestFixture;

import java.math.BigDecimal;
import java.util.List;

import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** One order and its past events, shared by the order aggregate's tests. */
final class OrderHistory {

    static final String ORDER_ID = "8d0f5a0e-2b8e-4c39-9a7e-5f1e0c6b7a21";
    static final String CUSTOMER_ID = "1b4e28ba-2fa1-41d2-883f-0016d3cca427";
    static final String EMAIL = "ada@example.com";
    static final Address ADDRESS = new Address("1 Analytical Way", "London", "NW1 6XE", "GB");
    static final String PAYMENT_ID = "pay-1";
    static final String SHIPMENT_ID = "ship-1";
    static final String TRACKING = "TRACK-123";
    static final String BATCH_ID = "batch-1";
    static final List<OrderLine> LINES = List.of(
            new OrderLine("TEA-1", 3, eur("0.10")),
            new OrderLine("POT-2", 1, eur("19.99")));

    private OrderHistory() {
    }

    /** A registry double in which every customer is live. */
    static CustomerRegistry liveCustomers() {
        CustomerRegistry registry = mock(CustomerRegistry.class);
        when(registry.lockIfLive(anyString())).thenReturn(true);
        return registry;
    }

    static AggregateTestFixture<Order> orderFixture(CustomerRegistry registry) {
        AggregateTestFixture<Order> fixture = new AggregateTestFixture<>(Order.class);
        fixture.registerInjectableResource(registry);
        return fixture;
    }

    static Money eur(String amount) {
        return new Money(new BigDecimal(amount), "EUR");
    }

    static OrderPlaced placed() {
        return new OrderPlaced(ORDER_ID, CUSTOMER_ID, EMAIL, LINES, eur("20.29"), ADDRESS);
    }

    /** The events that bring the order to {@code status} along the happy path (CANCELLED: cancelled while PENDING). */
    static List<Object> historyUpTo(OrderStatus status) {
        List<Object> happyPath = List.of(placed(), new OrderStockReserved(ORDER_ID), new OrderPaid(ORDER_ID, PAYMENT_ID),
                new OrderShipped(ORDER_ID, SHIPMENT_ID, TRACKING), new OrderCompleted(ORDER_ID, BATCH_ID));
        if (status == OrderStatus.CANCELLED) {
            return List.of(placed(), new OrderCancelled(ORDER_ID, CancellationReason.OUT_OF_STOCK, "TEA-1"));
        }
        return happyPath.subList(0, status.ordinal() + 1);
    }
}
