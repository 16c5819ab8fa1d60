package io.annals.kernel.order;

import org.axonframework.serialization.Revision;

/** The order left the warehouse as shipment {@code shipmentId}, traceable by {@code trackingNumber}. */
@Revision("1")
public record OrderShipped(String orderId, String shipmentId, String trackingNumber) implements OrderScoped {
}
