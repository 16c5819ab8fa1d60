package io.annals.kernel.product;

import io.annals.kernel.order.OrderScoped;
import org.axonframework.serialization.Revision;

/** The {@code quantity} units order {@code orderId} had reserved were shipped: they leave the stock. */
@Revision("1")
public record ProductStockShipped(String sku, String orderId, int quantity) implements OrderScoped {
}
