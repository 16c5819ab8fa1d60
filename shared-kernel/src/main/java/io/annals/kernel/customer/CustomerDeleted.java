package io.annals.kernel.customer;

import org.axonframework.serialization.Revision;

/** A customer was deleted; it leaves every list and its email is free again. */
@Revision("1")
public record CustomerDeleted(String customerId) {
}
