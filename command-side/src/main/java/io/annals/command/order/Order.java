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
import io.annals.kernel.order.Address;
import io.annals.kernel.order.CompleteOrder;
import io.annals.kernel.order.MarkOrderPaid;
import io.annals.kernel.order.MarkOrderShipped;
import io.annals.kernel.order.MarkOrderStockReserved;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.ConfirmationRequested;
import io.annals.kernel.order.OrderCompleted;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.OrderPaid;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderShipped;
import io.annals.kernel.order.OrderStatus;
import io.annals.kernel.order.OrderStockReserved;
import io.annals.kernel.order.PlaceOrder;
import io.annals.kernel.order.PostponeShipment;
import io.annals.kernel.order.RequestConfirmation;
import io.annals.kernel.order.RequestShipment;
import io.annals.kernel.order.ShipmentPostponed;
import io.annals.kernel.order.ShipmentRequested;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.math.BigDecimal;
import java.util.List;

import static io.annals.command.WorkflowStep.applyIf;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An order, and the one owner of its progress. Placing checks the command-owned customer registry (never the read
 * model); the later states belong to the fulfilment workflow: PENDING → STOCK_RESERVED → PAID → SHIPPED → COMPLETED,
 * or CANCELLED from any state before SHIPPED (by the customer, or by the workflow after it compensated).
 *
 * <p>The order records the workflow's requests that concern it, the shipment and the confirmation, as events (the
 * provider steps react to them outside this aggregate's lock and record the answers): while the carrier is being
 * asked for a shipment the customer can no longer cancel (the parcel may be on its way), so a cancel then answers
 * 409, as it does once SHIPPED. Payments are asked of the payment side directly: asking changes nothing here.
 *
 * <p>The workflow's commands never throw for a state they do not apply to: they change nothing and answer
 * {@code false}. The customer's {@link CancelOrderByCustomer} is an HTTP command and answers a state it does not
 * apply to with a 409.
 *
 * <p>Revision 2: the state holds the placement's email, address and lines, which revision-1 snapshots lack,
 * so those are ignored and the order is rebuilt from its events.
 */
@Revision("2")
@Aggregate(type = AggregateTypes.ORDER, snapshotTriggerDefinition = AggregateBeans.ORDER_SNAPSHOTS,
        cache = AggregateBeans.CACHE, lockFactory = AggregateBeans.LOCKS)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
class Order {

    @AggregateIdentifier
    private String orderId;
    private OrderStatus status;
    private long version;
    private String customerEmail;
    private Address shippingAddress;
    private List<OrderLine> lines;
    private String trackingNumber;
    /** the carrier is being asked for a shipment: no customer cancel until it answered */
    private boolean shipmentUnderWay;

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
        if (shipmentUnderWay) {
            throw new StateConflictException("order " + orderId + " is being handed to the carrier and can no longer "
                    + "be cancelled");
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

    /** @return whether a shipment was asked for (the order is PAID and no shipment is under way) */
    @CommandHandler
    boolean handle(RequestShipment command) {
        return applyIf(status == OrderStatus.PAID && !shipmentUnderWay,
                () -> new ShipmentRequested(orderId, command.shipmentId(), shippingAddress, lines));
    }

    /** @return whether the postponement was recorded (that shipment was under way) */
    @CommandHandler
    boolean handle(PostponeShipment command) {
        return applyIf(shipmentUnderWay && status == OrderStatus.PAID,
                () -> new ShipmentPostponed(orderId, command.shipmentId(), command.reason()));
    }

    /** @return whether the confirmation was asked for (the order is SHIPPED) */
    @CommandHandler
    boolean handle(RequestConfirmation command) {
        return applyIf(status == OrderStatus.SHIPPED,
                () -> new ConfirmationRequested(orderId, customerEmail, trackingNumber));
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
        customerEmail = event.customerEmail();
        shippingAddress = event.shippingAddress();
        lines = List.copyOf(event.lines());
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(ShipmentRequested event, @SequenceNumber long sequenceNumber) {
        shipmentUnderWay = true;
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(ShipmentPostponed event, @SequenceNumber long sequenceNumber) {
        shipmentUnderWay = false;
        version = sequenceNumber;
    }

    /** A request that changes nothing the order decides on still moves its version. */
    @EventSourcingHandler
    void on(ConfirmationRequested event, @SequenceNumber long sequenceNumber) {
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
        trackingNumber = event.trackingNumber();
        shipmentUnderWay = false;
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
        shipmentUnderWay = false;
        version = sequenceNumber;
    }

    private static Money total(PlaceOrder command) {
        BigDecimal sum = command.lines().stream().map(OrderLine::lineTotal).reduce(BigDecimal.ZERO, BigDecimal::add);
        return new Money(sum, command.lines().get(0).unitPrice().currency());
    }
}
