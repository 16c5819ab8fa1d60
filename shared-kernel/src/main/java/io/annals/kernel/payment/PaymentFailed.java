package io.annals.kernel.payment;

import io.annals.kernel.Money;
import io.annals.kernel.order.OrderScoped;
import org.axonframework.serialization.Revision;

/** Charging {@code amount} for order {@code orderId} failed; nothing was taken. */
@Revision("1")
public record PaymentFailed(String paymentId, String orderId, Money amount, String reason) implements OrderScoped {
}
