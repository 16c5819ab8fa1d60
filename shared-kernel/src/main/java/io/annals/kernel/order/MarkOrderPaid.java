package io.annals.kernel.order;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The workflow took payment {@code paymentId}. Applies only to a STOCK_RESERVED order; otherwise nothing happens. */
public record MarkOrderPaid(@TargetAggregateIdentifier @NotNull String orderId, @NotNull String paymentId) {
}
