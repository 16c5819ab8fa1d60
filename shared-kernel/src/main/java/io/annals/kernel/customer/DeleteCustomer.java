package io.annals.kernel.customer;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Deletes a customer; its email becomes free again. */
public record DeleteCustomer(@TargetAggregateIdentifier String customerId, Long expectedVersion) {
}
