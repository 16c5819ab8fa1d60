package io.annals.kernel.product;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Adds stock to a product.
 *
 * @param expectedVersion the version the client last saw (If-Match), or {@code null} to apply to the latest
 */
public record RestockProduct(@TargetAggregateIdentifier @NotNull String sku,
                             @Min(ProductLimits.MIN_RESTOCK) @Max(ProductLimits.MAX_RESTOCK) long quantity,
                             Long expectedVersion) {
}
