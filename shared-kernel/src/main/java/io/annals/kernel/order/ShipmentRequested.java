package io.annals.kernel.order;

import org.axonframework.serialization.Revision;

import java.util.List;

/** The order's parcel is to be handed to the carrier as shipment {@code shipmentId}. Personal data: the address. */
@Revision("1")
public record ShipmentRequested(String orderId,
                                String shipmentId,
                                Address shippingAddress,
                                List<OrderLine> lines) implements OrderWorkflowEvent {
}
