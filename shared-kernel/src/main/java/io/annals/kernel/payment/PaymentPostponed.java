package io.annals.kernel.payment;

import io.annals.kernel.order.OrderScoped;
import org.axonframework.serialization.Revision;

/**
 * The charge of payment {@code paymentId} was not attempted (the provider's circuit is open); nothing was taken,
 * and the workflow may ask again.
 */
@Revision("1")
public record PaymentPostponed(String orderId, String paymentId, String reason) implements OrderScoped {
}
