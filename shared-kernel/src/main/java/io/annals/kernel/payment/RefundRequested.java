package io.annals.kernel.payment;

import io.annals.kernel.Money;
import io.annals.kernel.order.OrderScoped;
import org.axonframework.serialization.Revision;

/**
 * Payment {@code paymentId} ({@code amount}) of order {@code orderId} is to be given back, for {@code reason}; the
 * payment step calls the provider.
 */
@Revision("1")
public record RefundRequested(String orderId, String paymentId, Money amount, String reason) implements OrderScoped {
}
