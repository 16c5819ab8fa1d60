package io.annals.kernel.order;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The workflow reserved stock for every line. Applies only to a PENDING order; otherwise nothing happens. */
public record MarkOrderStockReserved(@TargetAggregateIdentifier @NotNull String orderId) {
}
