package io.annals.kernel.order;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.annals.kernel.customer.CustomerLimits;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Places an order for an existing customer. */
public record PlaceOrder(@TargetAggregateIdentifier @NotNull String orderId,
                         @NotNull String customerId,
                         @NotNull @Pattern(regexp = CustomerLimits.EMAIL_PATTERN) String customerEmail,
                         @NotNull @Size(min = OrderLimits.MIN_LINES, max = OrderLimits.MAX_LINES) List<@NotNull OrderLine> lines,
                         @NotNull Address shippingAddress) {
}
