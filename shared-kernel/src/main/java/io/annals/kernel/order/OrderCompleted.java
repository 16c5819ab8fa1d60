package io.annals.kernel.order;

import org.axonframework.serialization.Revision;

/** The customer's confirmation was sent (in batch {@code confirmationBatchId}); the order is complete. */
@Revision("1")
public record OrderCompleted(String orderId, String confirmationBatchId) implements OrderScoped {
}
