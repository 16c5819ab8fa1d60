package io.annals.kernel.order;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Places an order for an existing customer. */
public record PlaceOrder(@TargetAggregateIdentifier @NotNull String orderId,
                         @NotNull String customerId,
                         @NotNull String customerEmail,
                         @NotNull List<@NotNull OrderLine> lines,
                         @NotNull Address shippingAddress) {
}
