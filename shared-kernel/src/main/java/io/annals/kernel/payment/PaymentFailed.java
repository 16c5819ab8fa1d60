package io.annals.kernel.payment;

import io.annals.kernel.Money;
import io.annals.kernel.order.OrderScoped;
import org.axonframework.serialization.Revision;

/**
 * Charging {@code amount} for order {@code orderId} failed. When no answer came at all ({@code outcomeUnknown}: a
 * timeout, a broken connection) the provider may have charged after all, and compensation refunds. Events stored
 * before the flag existed read {@code false}: their charge was refunded by the saga of that time if needed.
 */
@Revision("1")
public record PaymentFailed(String paymentId, String orderId, Money amount, String reason, boolean outcomeUnknown)
        implements OrderScoped {
}
