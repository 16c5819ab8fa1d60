package io.annals.kernel.payment;

import io.annals.kernel.Money;
import io.annals.kernel.order.OrderScoped;
import org.axonframework.serialization.Revision;

/** {@code amount} was charged for order {@code orderId}. */
@Revision("1")
public record PaymentTaken(String paymentId, String orderId, Money amount, String providerReference)
        implements OrderScoped {
}
