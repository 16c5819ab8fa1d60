package io.annals.kernel.payment;

import io.annals.kernel.Money;
import io.annals.kernel.order.OrderScoped;
import org.axonframework.serialization.Revision;

/** The whole {@code amount} of the payment went back to the customer. */
@Revision("1")
public record PaymentRefunded(String paymentId, String orderId, Money amount, String reason) implements OrderScoped {
}
