package io.annals.kernel.order;

import jakarta.validation.constraints.NotNull;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks whether the order may still be shipped (it is PAID); changes nothing. Sent by the workflow inside its own
 * transaction just before it calls the shipping provider, it also holds the order until the shipment is recorded, so
 * a customer's cancel cannot slip in between the call and the record (it waits, then finds the order SHIPPED).
 */
public record CheckShippable(@TargetAggregateIdentifier @NotNull String orderId) {
}
