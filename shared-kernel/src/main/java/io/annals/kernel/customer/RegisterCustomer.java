package io.annals.kernel.customer;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Registers a customer under a server-generated id; the email must not belong to a live customer. */
public record RegisterCustomer(@TargetAggregateIdentifier @NotNull String customerId,
                               @NotNull @Size(max = CustomerLimits.MAX_EMAIL_LENGTH) @Pattern(regexp = CustomerLimits.EMAIL_PATTERN) String email,
                               @NotBlank @Size(max = CustomerLimits.MAX_NAME_LENGTH) String name) {
}
