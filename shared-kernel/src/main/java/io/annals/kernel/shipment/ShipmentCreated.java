package io.annals.kernel.shipment;

import io.annals.kernel.order.OrderScoped;
import org.axonframework.serialization.Revision;

/** A shipment for order {@code orderId} exists at the carrier, traceable by {@code trackingNumber}. */
@Revision("1")
public record ShipmentCreated(String shipmentId, String orderId, String trackingNumber) implements OrderScoped {
}
