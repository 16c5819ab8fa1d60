package io.annals.kernel.payment;

import io.annals.kernel.Money;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The payment provider refused or kept failing to charge {@code amount} for order {@code orderId};
 * {@code outcomeUnknown} when no answer came at all, so the provider may have charged after all.
 */
public record RecordPaymentFailure(@TargetAggregateIdentifier @NotNull String paymentId, @NotNull String orderId,
                                   @NotNull Money amount, @NotNull String reason, boolean outcomeUnknown) {

    /** A considered refusal: the provider answered, nothing was taken. */
    public RecordPaymentFailure(String paymentId, String orderId, Money amount, String reason) {
        this(paymentId, orderId, amount, reason, false);
    }
}
