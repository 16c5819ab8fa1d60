package io.annals.kernel.customer;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Changes a customer's email and/or name; a {@code null} field stays as it is.
 *
 * @param expectedVersion the version the client last saw (If-Match), or {@code null}
 */
public record UpdateCustomer(@TargetAggregateIdentifier @NotNull String customerId,
                             @Size(max = CustomerLimits.MAX_EMAIL_LENGTH) @Pattern(regexp = CustomerLimits.EMAIL_PATTERN) String email,
                             @Size(min = 1, max = CustomerLimits.MAX_NAME_LENGTH) String name,
                             Long expectedVersion) {
}
