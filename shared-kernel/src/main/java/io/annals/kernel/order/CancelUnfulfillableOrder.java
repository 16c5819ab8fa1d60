package io.annals.kernel.order;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The workflow cancels an order it could not fulfil, after compensating what it had done. Applies only to an order
 * that has not shipped and is not already cancelled; otherwise nothing happens (the workflow never fails on it).
 *
 * @param detail what failed, e.g. the sku that was out of stock
 */
public record CancelUnfulfillableOrder(@TargetAggregateIdentifier @NotNull String orderId,
                                       @NotNull CancellationReason reason, String detail) {
}
