package io.annals.kernel.shipment;

import io.annals.kernel.order.OrderScoped;
import org.axonframework.serialization.Revision;

/** No shipment could be created for order {@code orderId}. */
@Revision("1")
public record ShipmentFailed(String shipmentId, String orderId, String reason) implements OrderScoped {
}
