package io.annals.kernel.payment;

import io.annals.kernel.Money;
import jakarta.validation.constraints.NotNull;

/**
 * The workflow asks the payment side to give payment {@code paymentId} ({@code amount}) of order {@code orderId} back,
 * for {@code reason} (compensation). Answered by {@link RefundRequested} at once; the refund itself follows outside
 * the sender's transaction.
 */
public record RequestRefund(@NotNull String orderId, @NotNull String paymentId, @NotNull Money amount,
                            @NotNull String reason) {
}
