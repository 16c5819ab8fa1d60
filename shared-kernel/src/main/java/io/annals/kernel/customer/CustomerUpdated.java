package io.annals.kernel.customer;

import org.axonframework.serialization.Revision;

/**
 * A customer's email and/or name changed. Carries only what changed ({@code null} = unchanged), never a copy of
 * the whole customer.
 */
@Revision("1")
public record CustomerUpdated(String customerId, String email, String name) {
}
