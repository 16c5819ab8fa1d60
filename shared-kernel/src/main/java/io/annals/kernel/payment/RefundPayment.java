package io.annals.kernel.payment;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The provider refunded a taken payment; a repeat or a payment that was never taken changes nothing. */
public record RefundPayment(@TargetAggregateIdentifier @NotNull String paymentId, @NotNull String reason) {
}
