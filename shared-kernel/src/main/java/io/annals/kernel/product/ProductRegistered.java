package io.annals.kernel.product;

import io.annals.kernel.Money;
import org.axonframework.serialization.Revision;

/**
 * A product was registered with its initial stock. Revision 2 added {@code price}; revision-1 events are upcast
 * with a default price.
 */
@Revision("2")
public record ProductRegistered(String sku, String name, long initialStock, Money price) {
}
