package io.annals.kernel.product;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The units order {@code orderId} reserved of {@code sku} left with its shipment; nothing happens if it holds none. */
public record ShipProductStock(@TargetAggregateIdentifier @NotNull String sku, @NotNull String orderId) {
}
