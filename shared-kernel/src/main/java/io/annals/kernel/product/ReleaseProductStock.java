package io.annals.kernel.product;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Returns what order {@code orderId} reserved of {@code sku} to available stock; nothing happens if it holds none. */
public record ReleaseProductStock(@TargetAggregateIdentifier @NotNull String sku, @NotNull String orderId) {
}
