package io.annals.kernel.product;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Adds stock to a product.
 *
 * @param expectedVersion the version the client last saw (If-Match), or {@code null} to apply to the latest
 */
public record RestockProduct(@TargetAggregateIdentifier @NotNull String sku,
                             long quantity,
                             Long expectedVersion) {
}
