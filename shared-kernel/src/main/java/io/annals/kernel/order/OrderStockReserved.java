package io.annals.kernel.order;

import org.axonframework.serialization.Revision;

/** Stock is reserved for every line of the order. */
@Revision("1")
public record OrderStockReserved(String orderId) implements OrderScoped {
}
