package io.annals.kernel.customer;

import org.axonframework.serialization.Revision;

/** A customer was registered. Personal data: {@code email} and {@code name}. */
@Revision("1")
public record CustomerRegistered(String customerId, String email, String name) {
}
