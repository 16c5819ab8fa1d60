package io.annals.kernel.shipment;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The shipping provider accepted the parcel of order {@code orderId} under {@code trackingNumber}. */
public record RecordShipment(@TargetAggregateIdentifier @NotNull String shipmentId, @NotNull String orderId,
                             @NotNull String trackingNumber) {
}
