package io.annals.choreography.step;

import io.annals.choreography.provider.ProviderFailedException;
import io.annals.choreography.provider.ProviderUnavailableException;
import io.annals.choreography.provider.ShipmentReceipt;
import io.annals.choreography.provider.ShippingGateway;
import io.annals.kernel.order.PostponeShipment;
import io.annals.kernel.order.ShipmentRequested;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.annals.kernel.shipment.RecordShipment;
import io.annals.kernel.shipment.RecordShipmentFailure;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * The shipping step: hands an order's parcel to the carrier (behind its circuit breaker and retry) when the order
 * asks for it, and records the answer; like the {@link PaymentStep}, outside the saga's transactions and any aggregate
 * lock, and safe to repeat after a crash (the shipment id is the idempotency key).
 */
@Component
@ProcessingGroup(ShippingStep.PROCESSING_GROUP)
@InstanceRole(Role.SAGA)
class ShippingStep {

    static final String PROCESSING_GROUP = "shipping-step";

    private final ShippingGateway shipping;
    private final CommandGateway commands;

    ShippingStep(ShippingGateway shipping, CommandGateway commands) {
        this.shipping = shipping;
        this.commands = commands;
    }

    @EventHandler
    void on(ShipmentRequested request) {
        ShipmentReceipt receipt;
        try {
            receipt = shipping.createShipment(request.shipmentId(), request.orderId(), request.shippingAddress(),
                    request.lines());
        } catch (ProviderUnavailableException refused) {
            commands.sendAndWait(new PostponeShipment(request.orderId(), request.shipmentId(), refused.getMessage()));
            return;
        } catch (ProviderFailedException failed) {
            commands.sendAndWait(new RecordShipmentFailure(request.shipmentId(), request.orderId(),
                    failed.getMessage()));
            return;
        }
        commands.sendAndWait(new RecordShipment(request.shipmentId(), request.orderId(), receipt.trackingNumber()));
    }
}
