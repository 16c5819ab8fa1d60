package io.annals.kernel.product;

import io.annals.kernel.order.OrderScoped;
import org.axonframework.serialization.Revision;

/** {@code quantity} units moved from available to reserved for order {@code orderId}. */
@Revision("1")
public record ProductStockReserved(String sku, String orderId, int quantity) implements OrderScoped {
}
