package io.annals.query.order;

import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderCompleted;
import io.annals.kernel.order.OrderPaid;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderShipped;
import io.annals.kernel.order.OrderStatus;
import io.annals.kernel.order.OrderStockReserved;
import io.annals.kernel.order.OrderWorkflowEvent;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.annals.query.consistency.ReadYourWrites;
import io.annals.query.admin.ReadModelTables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * Builds {@code order_view}: status, payment id, tracking number and cancellation reason, and a timeline entry at the
 * event's timestamp for every status change. Idempotent by version: an event at or below the row's version was
 * applied already and is skipped, so redelivery and replay give the same content. The row's version is the order
 * aggregate's (only the order's own events reach this projection).
 */
@Component
@ReadModelTables("order_view")
@ProcessingGroup(OrderProjection.GROUP)
@InstanceRole(Role.QUERY)
class OrderProjection {

    static final String GROUP = "orders";

    private final OrderViewRepository repository;
    private final ReadYourWrites readYourWrites;
    private final JsonMapper json;

    OrderProjection(OrderViewRepository repository, ReadYourWrites readYourWrites, JsonMapper json) {
        this.repository = repository;
        this.readYourWrites = readYourWrites;
        this.json = json;
    }

    @EventHandler
    void on(OrderPlaced event, @SequenceNumber long version, @Timestamp Instant at) {
        if (repository.existsById(event.orderId())) {
            return;
        }
        ArrayNode timeline = json.createArrayNode();
        timeline.add(entry(OrderStatus.PENDING, at));
        repository.save(new OrderView(event.orderId(), event.customerId(), OrderStatus.PENDING.name(),
                json.writeValueAsString(event.lines()), event.total().amount(), event.total().currency(),
                json.writeValueAsString(timeline), version, at));
        readYourWrites.announce(GROUP, event.orderId());
    }

    @EventHandler
    void on(OrderStockReserved event, @SequenceNumber long version, @Timestamp Instant at) {
        moveTo(event.orderId(), OrderStatus.STOCK_RESERVED, version, at);
    }

    @EventHandler
    void on(OrderPaid event, @SequenceNumber long version, @Timestamp Instant at) {
        moveTo(event.orderId(), OrderStatus.PAID, version, at, view -> view.recordPayment(event.paymentId()));
    }

    @EventHandler
    void on(OrderShipped event, @SequenceNumber long version, @Timestamp Instant at) {
        moveTo(event.orderId(), OrderStatus.SHIPPED, version, at,
                view -> view.recordShipment(event.trackingNumber()));
    }

    @EventHandler
    void on(OrderCompleted event, @SequenceNumber long version, @Timestamp Instant at) {
        moveTo(event.orderId(), OrderStatus.COMPLETED, version, at);
    }

    @EventHandler
    void on(OrderCancelled event, @SequenceNumber long version, @Timestamp Instant at) {
        moveTo(event.orderId(), OrderStatus.CANCELLED, version, at, view -> view.cancel(event.reason().name()));
    }

    /** A request to a provider step or its answer: no status change, but the row's version follows the order's. */
    @EventHandler
    void on(OrderWorkflowEvent event, @SequenceNumber long version, @Timestamp Instant at) {
        repository.findById(event.orderId())
                .filter(view -> view.getVersion() < version)
                .ifPresent(view -> {
                    view.changeStatus(view.getStatus(), view.getTimeline(), version, at);
                    readYourWrites.announce(GROUP, event.orderId());
                });
    }

    private void moveTo(String orderId, OrderStatus status, long version, Instant at) {
        moveTo(orderId, status, version, at, view -> {
        });
    }

    /**
     * Moves the order's row to {@code status} with the event's other facts ({@code details}), unless the row has
     * the event of this version already.
     */
    private void moveTo(String orderId, OrderStatus status, long version, Instant at, Consumer<OrderView> details) {
        repository.findById(orderId)
                .filter(view -> view.getVersion() < version)
                .ifPresent(view -> {
                    details.accept(view);
                    ArrayNode timeline = (ArrayNode) json.readTree(view.getTimeline());
                    timeline.add(entry(status, at));
                    view.changeStatus(status.name(), json.writeValueAsString(timeline), version, at);
                    readYourWrites.announce(GROUP, orderId);
                });
    }

    private JsonNode entry(OrderStatus status, Instant at) {
        return json.createObjectNode().put("status", status.name()).put("at", at.toString());
    }
}
