package io.annals.kernel.payment;

import io.annals.kernel.Money;
import io.annals.kernel.order.OrderScoped;
import org.axonframework.serialization.Revision;

/**
 * Payment {@code paymentId} of {@code amount} for order {@code orderId} is to be charged; the payment step calls
 * the provider. Recorded by the payment side, not in any aggregate's stream: asking changes no one's state.
 */
@Revision("1")
public record PaymentRequested(String orderId, String paymentId, Money amount) implements OrderScoped {
}
