package io.annals.command.order;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.annals.command.AggregateBeans;
import io.annals.command.AggregateTypes;
import io.annals.command.VersionCheck;
import io.annals.command.customer.CustomerRegistry;
import io.annals.kernel.Money;
import io.annals.kernel.error.StateConflictException;
import io.annals.kernel.error.UnknownCustomerException;
import io.annals.kernel.order.CancelOrderByCustomer;
import io.annals.kernel.order.CancelUnfulfillableOrder;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.order.CheckShippable;
import io.annals.kernel.order.CompleteOrder;
import io.annals.kernel.order.MarkOrderPaid;
import io.annals.kernel.order.MarkOrderShipped;
import io.annals.kernel.order.MarkOrderStockReserved;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderCompleted;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.OrderPaid;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderShipped;
import io.annals.kernel.order.OrderStatus;
import io.annals.kernel.order.OrderStockReserved;
import io.annals.kernel.order.PlaceOrder;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.math.BigDecimal;

import static io.annals.command.WorkflowStep.applyIf;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An order. Placing checks the command-owned customer registry (never the read model); the later states belong to
 * the fulfilment workflow: PENDING → STOCK_RESERVED → PAID → SHIPPED → COMPLETED, or CANCELLED from any state before
 * SHIPPED (by the customer, or by the workflow after it compensated).
 *
 * <p>The workflow's commands are sent by the fulfilment saga inside its own transaction, so they never throw for a
 * state they do not apply to: they change nothing and answer {@code false}. The customer's
 * {@link CancelOrderByCustomer} is an HTTP command and answers a state it does not apply to with a 409.
 */
@Aggregate(type = AggregateTypes.ORDER, snapshotTriggerDefinition = AggregateBeans.ORDER_SNAPSHOTS,
        cache = AggregateBeans.CACHE, lockFactory = AggregateBeans.LOCKS)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
class Order {

    @AggregateIdentifier
    private String orderId;
    private OrderStatus status;
    private long version;

    protected Order() {
        // for Axon's event sourcing
    }

    @CommandHandler
    Order(PlaceOrder command, CustomerRegistry registry) {
        OrderRules.requireValid(command);
        if (!registry.lockIfLive(command.customerId())) {
            throw new UnknownCustomerException(command.customerId());
        }
        apply(new OrderPlaced(command.orderId(), command.customerId(), command.customerEmail(), command.lines(),
                total(command), command.shippingAddress()));
    }

    /** @return the version of the cancellation */
    @CommandHandler
    long handle(CancelOrderByCustomer command) {
        VersionCheck.require(orderId, command.expectedVersion(), version);
        if (!status.cancellable()) {
            throw new StateConflictException("order " + orderId + " is " + status + " and can no longer be cancelled");
        }
        apply(new OrderCancelled(orderId, CancellationReason.CANCELLED_BY_CUSTOMER, command.note()));
        return version;
    }

    /** @return whether the order moved from PENDING to STOCK_RESERVED */
    @CommandHandler
    boolean handle(MarkOrderStockReserved command) {
        return applyIf(status == OrderStatus.PENDING, () -> new OrderStockReserved(orderId));
    }

    /** @return whether the order moved from STOCK_RESERVED to PAID */
    @CommandHandler
    boolean handle(MarkOrderPaid command) {
        return applyIf(status == OrderStatus.STOCK_RESERVED, () -> new OrderPaid(orderId, command.paymentId()));
    }

    /** @return whether the order may still be shipped (it is PAID); applies nothing */
    @CommandHandler
    boolean handle(CheckShippable command) {
        return status == OrderStatus.PAID;
    }

    /** @return whether the order moved from PAID to SHIPPED */
    @CommandHandler
    boolean handle(MarkOrderShipped command) {
        return applyIf(status == OrderStatus.PAID,
                () -> new OrderShipped(orderId, command.shipmentId(), command.trackingNumber()));
    }

    /** @return whether the order moved from SHIPPED to COMPLETED (a repeated confirmation changes nothing) */
    @CommandHandler
    boolean handle(CompleteOrder command) {
        return applyIf(status == OrderStatus.SHIPPED, () -> new OrderCompleted(orderId, command.confirmationBatchId()));
    }

    /** @return whether the order was cancelled (it had not shipped and was not cancelled already) */
    @CommandHandler
    boolean handle(CancelUnfulfillableOrder command) {
        return applyIf(status.cancellable(), () -> new OrderCancelled(orderId, command.reason(), command.detail()));
    }

    @EventSourcingHandler
    void on(OrderPlaced event, @SequenceNumber long sequenceNumber) {
        orderId = event.orderId();
        status = OrderStatus.PENDING;
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(OrderStockReserved event, @SequenceNumber long sequenceNumber) {
        status = OrderStatus.STOCK_RESERVED;
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(OrderPaid event, @SequenceNumber long sequenceNumber) {
        status = OrderStatus.PAID;
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(OrderShipped event, @SequenceNumber long sequenceNumber) {
        status = OrderStatus.SHIPPED;
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(OrderCompleted event, @SequenceNumber long sequenceNumber) {
        status = OrderStatus.COMPLETED;
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(OrderCancelled event, @SequenceNumber long sequenceNumber) {
        status = OrderStatus.CANCELLED;
        version = sequenceNumber;
    }

    private static Money total(PlaceOrder command) {
        BigDecimal sum = command.lines().stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Money(sum, command.lines().get(0).unitPrice().currency());
    }
}
