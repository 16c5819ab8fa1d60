package io.annals.kernel.product;

import org.axonframework.serialization.Revision;

/** Stock of a product was increased by {@code quantity}. */
@Revision("1")
public record ProductRestocked(String sku, long quantity) {
}
