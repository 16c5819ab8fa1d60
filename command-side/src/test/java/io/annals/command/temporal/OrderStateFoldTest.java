package io.annals.command.temporal;

import io.annals.command.AggregateTypes;
import io.annals.command.temporal.OrderStateFold.OrderState;
import io.annals.command.temporal.OrderStateFold.TimelineEntry;
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
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** An order's temporal state tells the whole story: statuses with their instants, payment, tracking, cancellation. */
class OrderStateFoldTest {

    private static final String ORDER_ID = "order-1";
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private static final Money TOTAL = new Money(new BigDecimal("7.00"), "EUR");
    private static final OrderPlaced PLACED = new OrderPlaced(ORDER_ID, "customer-1", "ada@example.com",
            List.of(new OrderLine("TEA-1", 2, new Money(new BigDecimal("3.50"), "EUR"))), TOTAL,
            new Address("1 Analytical Way", "London", "NW1 6XE", "GB"));

    private final OrderStateFold testSubject = new OrderStateFold();

    @Test
    void theHappyPathAddsATimelineEntryPerStatusAndThePaymentAndTrackingNumber() {
        List<OrderState> states = fold(PLACED, new OrderStockReserved(ORDER_ID), new OrderPaid(ORDER_ID, "pay-1"),
                new OrderShipped(ORDER_ID, "ship-1", "TRACK-1"), new OrderCompleted(ORDER_ID, "batch-1"));

        assertThat(states).extracting(OrderState::status).containsExactly(OrderStatus.PENDING,
                OrderStatus.STOCK_RESERVED, OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.COMPLETED);
        assertThat(states).extracting(OrderState::paymentId).containsExactly(null, null, "pay-1", "pay-1", "pay-1");
        assertThat(states).extracting(OrderState::trackingNumber)
                .containsExactly(null, null, null, "TRACK-1", "TRACK-1");
        assertThat(states).extracting(OrderState::cancellationReason).containsOnlyNulls();
        assertThat(states).extracting(OrderState::version).containsExactly(0L, 1L, 2L, 3L, 4L);
        OrderState completed = states.get(4);
        assertThat(completed.timeline()).containsExactly(
                new TimelineEntry(OrderStatus.PENDING, START),
                new TimelineEntry(OrderStatus.STOCK_RESERVED, START.plusSeconds(1)),
                new TimelineEntry(OrderStatus.PAID, START.plusSeconds(2)),
                new TimelineEntry(OrderStatus.SHIPPED, START.plusSeconds(3)),
                new TimelineEntry(OrderStatus.COMPLETED, START.plusSeconds(4)));
        assertThat(completed.lines()).isEqualTo(PLACED.lines());
        assertThat(completed.total()).isEqualTo(TOTAL);
        assertThat(completed.customerId()).isEqualTo("customer-1");
    }

    @Test
    void aWorkflowCancellationKeepsWhatHappenedBeforeAndAddsTheReason() {
        List<OrderState> states = fold(PLACED, new OrderStockReserved(ORDER_ID), new OrderPaid(ORDER_ID, "pay-1"),
                new OrderCancelled(ORDER_ID, CancellationReason.SHIPPING_FAILED, "carrier down"));

        OrderState cancelled = states.get(3);
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.cancellationReason()).isEqualTo("SHIPPING_FAILED");
        assertThat(cancelled.paymentId()).isEqualTo("pay-1");
        assertThat(cancelled.trackingNumber()).isNull();
        assertThat(cancelled.timeline()).extracting(TimelineEntry::status).containsExactly(OrderStatus.PENDING,
                OrderStatus.STOCK_RESERVED, OrderStatus.PAID, OrderStatus.CANCELLED);
        assertThat(cancelled.timeline().get(3).at()).isEqualTo(START.plusSeconds(3));
        assertThat(states.get(2).cancellationReason()).isNull();
    }

    @Test
    void aCustomerCancellationOfAPendingOrderReadsCancelledByCustomer() {
        OrderState cancelled = fold(PLACED,
                new OrderCancelled(ORDER_ID, CancellationReason.CANCELLED_BY_CUSTOMER, "changed my mind")).get(1);

        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(cancelled.cancellationReason()).isEqualTo("CANCELLED_BY_CUSTOMER");
        assertThat(cancelled.timeline()).hasSize(2);
        assertThat(cancelled.version()).isEqualTo(1);
    }

    private List<OrderState> fold(Object... payloads) {
        List<OrderState> states = new ArrayList<>();
        OrderState state = null;
        for (int version = 0; version < payloads.length; version++) {
            DomainEventMessage<?> event = new GenericDomainEventMessage<>(AggregateTypes.ORDER, ORDER_ID, version, payloads[version],
                    MetaData.emptyInstance(), UUID.randomUUID().toString(), START.plusSeconds(version));
            state = state == null ? testSubject.start(event) : testSubject.apply(state, event);
            states.add(state);
        }
        return states;
    }
}
