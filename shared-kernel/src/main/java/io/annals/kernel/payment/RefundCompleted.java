package io.annals.kernel.payment;

import io.annals.kernel.order.OrderScoped;
import org.axonframework.serialization.Revision;

/** The provider gave payment {@code paymentId} back, or confirmed that nothing was taken. */
@Revision("1")
public record RefundCompleted(String orderId, String paymentId) implements OrderScoped {
}
