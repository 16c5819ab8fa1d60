package io.annals.kernel.order;

import org.axonframework.serialization.Revision;

/** The order's total was paid with payment {@code paymentId}. */
@Revision("1")
public record OrderPaid(String orderId, String paymentId) implements OrderScoped {
}
