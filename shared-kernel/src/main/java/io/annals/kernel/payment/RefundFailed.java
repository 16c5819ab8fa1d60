package io.annals.kernel.payment;

import io.annals.kernel.order.OrderScoped;
import org.axonframework.serialization.Revision;

/** The provider did not give payment {@code paymentId} back this time ({@code reason}); the workflow may ask again. */
@Revision("1")
public record RefundFailed(String orderId, String paymentId, String reason) implements OrderScoped {
}
