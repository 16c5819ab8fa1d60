package io.annals.kernel.customer;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Changes a customer's email and/or name; a {@code null} field stays as it is.
 *
 * @param expectedVersion the version the client last saw (If-Match), or {@code null}
 */
public record UpdateCustomer(@TargetAggregateIdentifier @NotNull String customerId,
                             String email,
                             String name,
                             Long expectedVersion) {
}
