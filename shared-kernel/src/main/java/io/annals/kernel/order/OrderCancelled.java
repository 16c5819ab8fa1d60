package io.annals.kernel.order;

import org.axonframework.serialization.Revision;

/** An order was cancelled for {@code reason}; {@code note} is free text (e.g. the customer's words). */
@Revision("1")
public record OrderCancelled(String orderId, CancellationReason reason, String note) implements OrderScoped {
}
