package io.annals.kernel.payment;

import io.annals.kernel.Money;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The payment provider refused or kept failing to charge {@code amount} for order {@code orderId}. */
public record RecordPaymentFailure(@TargetAggregateIdentifier @NotNull String paymentId, @NotNull String orderId,
                                   @NotNull Money amount, @NotNull String reason) {
}
