package io.annals.kernel.order;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The workflow asks for the customer's confirmation of a SHIPPED order to be sent; otherwise nothing happens. */
public record RequestConfirmation(@TargetAggregateIdentifier @NotNull String orderId) {
}
