package io.annals.kernel.product;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Reserves {@code quantity} units of {@code sku} for order {@code orderId}: answered by {@link ProductStockReserved}
 * or {@link ProductStockReservationRejected}, never by an exception. A repeat for an order that already holds a
 * reservation of this sku changes nothing.
 */
public record ReserveProductStock(@TargetAggregateIdentifier @NotNull String sku, @NotNull String orderId,
                                  int quantity) {
}
