package io.annals.kernel.shipment;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The shipping provider refused or kept failing to accept the parcel of order {@code orderId}. */
public record RecordShipmentFailure(@TargetAggregateIdentifier @NotNull String shipmentId, @NotNull String orderId,
                                    @NotNull String reason) {
}
