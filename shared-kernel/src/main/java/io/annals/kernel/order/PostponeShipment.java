package io.annals.kernel.order;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The shipping provider's circuit refused shipment {@code shipmentId}: nothing was created, the workflow may ask
 * again and the customer may cancel again.
 */
public record PostponeShipment(@TargetAggregateIdentifier @NotNull String orderId,
                               @NotNull String shipmentId,
                               String reason) {
}
