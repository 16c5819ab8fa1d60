package io.annals.kernel.order;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The confirmation of a shipped order was delivered in batch {@code confirmationBatchId}. Applies only to a SHIPPED
 * order; a repeat (a batch delivered twice) changes nothing.
 */
public record CompleteOrder(@TargetAggregateIdentifier @NotNull String orderId, @NotNull String confirmationBatchId) {
}
