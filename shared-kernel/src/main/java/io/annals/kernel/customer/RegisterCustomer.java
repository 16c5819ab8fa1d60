package io.annals.kernel.customer;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Registers a customer under a server-generated id; the email must not belong to a live customer. */
public record RegisterCustomer(@TargetAggregateIdentifier @NotNull String customerId,
                               @NotNull String email,
                               @NotNull String name) {
}
