package io.annals.kernel.product;

import io.annals.kernel.order.OrderScoped;
import org.axonframework.serialization.Revision;

/** Order {@code orderId} asked for {@code quantity} units of {@code sku}, but only {@code available} were there. */
@Revision("1")
public record ProductStockReservationRejected(String sku, String orderId, int quantity, long available,
                                              StockRejectionReason reason) implements OrderScoped {
}
