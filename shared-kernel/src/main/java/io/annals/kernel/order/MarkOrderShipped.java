package io.annals.kernel.order;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The workflow created shipment {@code shipmentId}. Applies only to a PAID order; otherwise nothing happens. */
public record MarkOrderShipped(@TargetAggregateIdentifier @NotNull String orderId, @NotNull String shipmentId,
                               @NotNull String trackingNumber) {
}
