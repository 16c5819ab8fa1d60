package io.annals.kernel.order;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The workflow asks for the order's parcel to be handed to the carrier as shipment {@code shipmentId}. Applies to a
 * PAID order with no shipment under way; from then until the carrier answered, the customer can no longer cancel.
 */
public record RequestShipment(@TargetAggregateIdentifier @NotNull String orderId, @NotNull String shipmentId) {
}
