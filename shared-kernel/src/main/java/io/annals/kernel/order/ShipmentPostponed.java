package io.annals.kernel.order;

import org.axonframework.serialization.Revision;

/** Shipment {@code shipmentId} was not attempted (the carrier's circuit is open); nothing was created. */
@Revision("1")
public record ShipmentPostponed(String orderId, String shipmentId, String reason) implements OrderWorkflowEvent {
}
