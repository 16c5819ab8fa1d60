package io.annals.command.order;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.annals.command.history.EntityFold;
import io.annals.kernel.Money;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderStatus;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Rebuilds an order (shaped like {@code GET /api/orders/{id}}) from its events. */
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

        OrderState next(OrderStatus newStatus, String reason, Instant at, long newVersion) {
            List<TimelineEntry> entries = new ArrayList<>(timeline);
            entries.add(new TimelineEntry(newStatus, at));
            return new OrderState(orderId, customerId, newStatus, lines, total, paymentId, trackingNumber,
                    reason != null ? reason : cancellationReason, List.copyOf(entries), newVersion);
        }
    }

    @Override
    public String kind() {
        return "orders";
    }

    @Override
    public String aggregateType() {
        return "Order";
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
        if (event.getPayload() instanceof OrderCancelled cancelled) {
            return state.next(OrderStatus.CANCELLED, cancelled.reason().name(), event.getTimestamp(),
                    event.getSequenceNumber());
        }
        return state.withVersion(event.getSequenceNumber());
    }

    @Override
    public Object view(OrderState state) {
        return state;
    }
}
