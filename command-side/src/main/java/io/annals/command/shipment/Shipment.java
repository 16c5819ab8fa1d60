package io.annals.command.shipment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.annals.command.AggregateBeans;
import io.annals.command.AggregateTypes;
import io.annals.kernel.shipment.RecordShipment;
import io.annals.kernel.shipment.RecordShipmentFailure;
import io.annals.kernel.shipment.ShipmentCreated;
import io.annals.kernel.shipment.ShipmentFailed;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static io.annals.command.WorkflowStep.applyIf;

/**
 * One attempt to hand an order's parcel to the shipping provider: CREATED (with a tracking number) or FAILED. The
 * fulfilment saga chooses the shipment id and sends these commands inside its own transaction, so recording a
 * shipment id that is already recorded changes nothing instead of throwing ({@link
 * AggregateCreationPolicy#CREATE_IF_MISSING}, as for payments).
 */
@Aggregate(type = AggregateTypes.SHIPMENT, snapshotTriggerDefinition = AggregateBeans.SHIPMENT_SNAPSHOTS,
        cache = AggregateBeans.CACHE, lockFactory = AggregateBeans.LOCKS)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
class Shipment {

    enum Status {
        CREATED, FAILED
    }

    @AggregateIdentifier
    private String shipmentId;
    private String orderId;
    private Status status;
    private long version;

    protected Shipment() {
        // for Axon's event sourcing and for creating a shipment on its first command
    }

    /** @return whether this command recorded the shipment (false: the shipment id was recorded already) */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(RecordShipment command) {
        return applyIf(!isRecorded(),
                () -> new ShipmentCreated(command.shipmentId(), command.orderId(), command.trackingNumber()));
    }

    /** @return whether this command recorded the failure (false: the shipment id was recorded already) */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(RecordShipmentFailure command) {
        return applyIf(!isRecorded(),
                () -> new ShipmentFailed(command.shipmentId(), command.orderId(), command.reason()));
    }

    private boolean isRecorded() {
        return shipmentId != null;
    }

    @EventSourcingHandler
    void on(ShipmentCreated event, @SequenceNumber long sequenceNumber) {
        shipmentId = event.shipmentId();
        orderId = event.orderId();
        status = Status.CREATED;
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(ShipmentFailed event, @SequenceNumber long sequenceNumber) {
        shipmentId = event.shipmentId();
        orderId = event.orderId();
        status = Status.FAILED;
        version = sequenceNumber;
    }
}
