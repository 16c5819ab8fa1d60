package io.annals.command.temporal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.annals.command.AggregateTypes;
import io.annals.kernel.Money;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderCompleted;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.OrderPaid;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderShipped;
import io.annals.kernel.order.OrderStatus;
import io.annals.kernel.order.OrderStockReserved;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Rebuilds an order (shaped like {@code GET /api/orders/{id}}) from its events: every status change adds a timeline
 * entry at its event's timestamp; payment, shipment and cancellation add {@code paymentId}, {@code trackingNumber}
 * and {@code cancellationReason}, which are left out while absent.
 */
@Component
class OrderStateFold implements EntityFold<OrderStateFold.OrderState> {

    record TimelineEntry(OrderStatus status, Instant at) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record OrderState(String orderId, String customerId, OrderStatus status, List<OrderLine> lines, Money total,
                      String paymentId, String trackingNumber, String cancellationReason,
                      List<TimelineEntry> timeline, long version) {

        OrderState withVersion(long newVersion) {
            return new OrderState(orderId, customerId, status, lines, total, paymentId, trackingNumber,
                    cancellationReason, timeline, newVersion);
        }

        OrderState withPaymentId(String newPaymentId) {
            return new OrderState(orderId, customerId, status, lines, total, newPaymentId, trackingNumber,
                    cancellationReason, timeline, version);
        }

        OrderState withTrackingNumber(String newTrackingNumber) {
            return new OrderState(orderId, customerId, status, lines, total, paymentId, newTrackingNumber,
                    cancellationReason, timeline, version);
        }

        OrderState withCancellationReason(String reason) {
            return new OrderState(orderId, customerId, status, lines, total, paymentId, trackingNumber, reason,
                    timeline, version);
        }

        OrderState next(OrderStatus newStatus, Instant at, long newVersion) {
            List<TimelineEntry> entries = new ArrayList<>(timeline);
            entries.add(new TimelineEntry(newStatus, at));
            return new OrderState(orderId, customerId, newStatus, lines, total, paymentId, trackingNumber,
                    cancellationReason, List.copyOf(entries), newVersion);
        }
    }

    @Override
    public String kind() {
        return "orders";
    }

    @Override
    public String aggregateType() {
        return AggregateTypes.ORDER;
    }

    @Override
    public OrderState start(DomainEventMessage<?> creation) {
        OrderPlaced placed = (OrderPlaced) creation.getPayload();
        return new OrderState(placed.orderId(), placed.customerId(), OrderStatus.PENDING, placed.lines(),
                placed.total(), null, null, null,
                List.of(new TimelineEntry(OrderStatus.PENDING, creation.getTimestamp())),
                creation.getSequenceNumber());
    }

    @Override
    public OrderState apply(OrderState state, DomainEventMessage<?> event) {
        Object payload = event.getPayload();
        Instant at = event.getTimestamp();
        long version = event.getSequenceNumber();
        if (payload instanceof OrderStockReserved) {
            return state.next(OrderStatus.STOCK_RESERVED, at, version);
        }
        if (payload instanceof OrderPaid paid) {
            return state.withPaymentId(paid.paymentId()).next(OrderStatus.PAID, at, version);
        }
        if (payload instanceof OrderShipped shipped) {
            return state.withTrackingNumber(shipped.trackingNumber()).next(OrderStatus.SHIPPED, at, version);
        }
        if (payload instanceof OrderCompleted) {
            return state.next(OrderStatus.COMPLETED, at, version);
        }
        if (payload instanceof OrderCancelled cancelled) {
            return state.withCancellationReason(cancelled.reason().name()).next(OrderStatus.CANCELLED, at, version);
        }
        return state.withVersion(version);
    }

    @Override
    public Object view(OrderState state) {
        return state;
    }
}
