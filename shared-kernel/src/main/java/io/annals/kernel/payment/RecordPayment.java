package io.annals.kernel.payment;

import io.annals.kernel.Money;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The payment provider took {@code amount} for order {@code orderId} (its reference: {@code providerReference}). */
public record RecordPayment(@TargetAggregateIdentifier @NotNull String paymentId, @NotNull String orderId,
                            @NotNull Money amount, @NotNull String providerReference) {
}
