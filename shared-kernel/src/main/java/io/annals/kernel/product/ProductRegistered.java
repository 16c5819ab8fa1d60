package io.annals.kernel.product;

import io.annals.kernel.Money;
import org.axonframework.serialization.Revision;

/** A product was registered with its initial stock. */
@Revision("1")
public record ProductRegistered(String sku, String name, long initialStock, Money price) {
}
