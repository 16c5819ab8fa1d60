package io.annals.kernel.payment;

import io.annals.kernel.Money;
import jakarta.validation.constraints.NotNull;

/**
 * The workflow asks the payment side to charge {@code amount} for order {@code orderId} as payment {@code paymentId},
 * the provider's idempotency key. Answered by {@link PaymentRequested} at once; the charge itself follows outside the
 * sender's transaction.
 */
public record RequestPayment(@NotNull String orderId, @NotNull String paymentId, @NotNull Money amount) {
}
