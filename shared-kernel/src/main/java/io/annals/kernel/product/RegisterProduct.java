package io.annals.kernel.product;

import io.annals.kernel.Money;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Registers a new product under a client-chosen, unique sku. */
public record RegisterProduct(@TargetAggregateIdentifier String sku, String name, long initialStock, Money price) {
}
