package io.annals.kernel.order;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The customer cancels an order before it shipped.
 *
 * @param note            the customer's words, kept with the cancellation
 * @param expectedVersion the version the client last saw (If-Match), or {@code null}
 */
public record CancelOrderByCustomer(@TargetAggregateIdentifier @NotNull String orderId,
                                    @NotNull String note,
                                    Long expectedVersion) {
}
