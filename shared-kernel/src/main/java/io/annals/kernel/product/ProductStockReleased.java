package io.annals.kernel.product;

import io.annals.kernel.order.OrderScoped;
import org.axonframework.serialization.Revision;

/** The {@code quantity} units order {@code orderId} had reserved are available again. */
@Revision("1")
public record ProductStockReleased(String sku, String orderId, int quantity) implements OrderScoped {
}
