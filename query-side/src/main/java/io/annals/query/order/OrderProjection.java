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
import io.annals.query.admin.ReadModelTables;
import io.annals.query.consistency.ReadYourWrites;
import io.annals.query.order.OrderChanges.Change;
import io.annals.query.order.OrderChanges.Facts;
import io.annals.query.order.OrderChanges.Placement;
import io.annals.query.projection.BatchedChanges;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Builds {@code order_view}: status, payment id, tracking number and cancellation reason, and a timeline entry at the
 * event's timestamp for every status change. Idempotent by version: an event at or below the row's version was
 * applied already and is skipped, so redelivery and replay give the same content. The row's version is the order
 * aggregate's (only the order's own events reach this projection), so a workflow event moves it too.
 *
 * <p>Set-based, like {@code product_view}'s projection: the handlers only record each event in an accumulator of the
 * processor's (batching) unit of work; when the batch prepares its commit, inside the processor's transaction,
 * {@link OrderViewWriter} writes all of them with a few statements (through JPA, every event of an order cost a
 * SELECT and an UPDATE, and a parse and rewrite of the whole timeline). A failing write fails the commit, so the
 * whole batch, its token included, rolls back and is retried.
 */
@Component
@ReadModelTables("order_view")
@ProcessingGroup(OrderProjection.GROUP)
@InstanceRole(Role.QUERY)
class OrderProjection {

    static final String GROUP = "orders";

    private final BatchedChanges<Change> changes;

    OrderProjection(OrderViewWriter writer, ReadYourWrites readYourWrites) {
        this.changes = new BatchedChanges<>(OrderProjection.class, writer::write,
                changed -> readYourWrites.announce(GROUP, changed));
    }

    @EventHandler
    void on(OrderPlaced event, @SequenceNumber long version, @Timestamp Instant at) {
        record(event.orderId(), Change.placed(new Placement(event.customerId(), event.lines(), event.total()),
                version, at));
    }

    @EventHandler
    void on(OrderStockReserved event, @SequenceNumber long version, @Timestamp Instant at) {
        record(event.orderId(), Change.movedTo(OrderStatus.STOCK_RESERVED, Facts.NONE, version, at));
    }

    @EventHandler
    void on(OrderPaid event, @SequenceNumber long version, @Timestamp Instant at) {
        record(event.orderId(), Change.movedTo(OrderStatus.PAID, Facts.payment(event.paymentId()), version, at));
    }

    @EventHandler
    void on(OrderShipped event, @SequenceNumber long version, @Timestamp Instant at) {
        record(event.orderId(), Change.movedTo(OrderStatus.SHIPPED, Facts.shipment(event.trackingNumber()), version,
                at));
    }

    @EventHandler
    void on(OrderCompleted event, @SequenceNumber long version, @Timestamp Instant at) {
        record(event.orderId(), Change.movedTo(OrderStatus.COMPLETED, Facts.NONE, version, at));
    }

    @EventHandler
    void on(OrderCancelled event, @SequenceNumber long version, @Timestamp Instant at) {
        record(event.orderId(), Change.movedTo(OrderStatus.CANCELLED, Facts.cancellation(event.reason().name()),
                version, at));
    }

    /** A request to a provider step or its answer: no status change, but the row's version follows the order's. */
    @EventHandler
    void on(OrderWorkflowEvent event, @SequenceNumber long version, @Timestamp Instant at) {
        record(event.orderId(), Change.workflowStep(version, at));
    }

    private void record(String orderId, Change change) {
        changes.record(orderId, change);
    }
}
