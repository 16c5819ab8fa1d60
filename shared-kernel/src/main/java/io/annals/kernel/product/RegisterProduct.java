package io.annals.kernel.product;

import jakarta.validation.constraints.NotNull;
import io.annals.kernel.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Registers a new product under a client-chosen, unique sku. */
public record RegisterProduct(@TargetAggregateIdentifier @NotNull String sku,
                              @NotNull String name,
                              long initialStock,
                              @NotNull Money price) {
}
