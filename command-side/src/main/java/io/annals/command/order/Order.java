package io.annals.command.order;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.annals.command.VersionCheck;
import io.annals.command.customer.CustomerRegistry;
import io.annals.kernel.Money;
import io.annals.kernel.error.StateConflictException;
import io.annals.kernel.error.UnknownCustomerException;
import io.annals.kernel.order.CancelOrder;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderStatus;
import io.annals.kernel.order.PlaceOrder;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.math.BigDecimal;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An order. Placing checks the command-owned customer registry (never the read model); the later states belong to
 * the fulfilment workflow, and a customer may cancel until the order has shipped.
 */
@Aggregate(snapshotTriggerDefinition = "orderSnapshotTrigger", cache = "aggregateCache")
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
    long handle(CancelOrder command) {
        VersionCheck.require(orderId, command.expectedVersion(), version);
        if (!status.cancellable()) {
            throw new StateConflictException("order " + orderId + " is " + status + " and can no longer be cancelled");
        }
        apply(new OrderCancelled(orderId, CancellationReason.CANCELLED_BY_CUSTOMER, command.note()));
        return version;
    }

    @EventSourcingHandler
    void on(OrderPlaced event, @SequenceNumber long sequenceNumber) {
        orderId = event.orderId();
        status = OrderStatus.PENDING;
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
