package io.annals.choreography.provider;

import io.annals.kernel.order.Address;
import io.annals.kernel.order.OrderLine;

import java.util.List;

/** {@link ShippingGateway} over {@link ProviderWire}; the idempotency key is the shipment id. */
final class HttpShippingGateway implements ShippingGateway {

    private final ProviderClient client;

    HttpShippingGateway(ProviderClient client) {
        this.client = client;
    }

    @Override
    public ShipmentReceipt createShipment(String shipmentId, String orderId, Address address, List<OrderLine> lines) {
        ProviderWire.ShipmentAnswer answer = client.post(ProviderWire.SHIPMENTS, shipmentId,
                new ProviderWire.ShipmentRequest(shipmentId, orderId, address,
                        lines.stream().map(ProviderWire.Line::of).toList()),
                ProviderWire.ShipmentAnswer.class);
        if (answer == null || answer.trackingNumber() == null) {
            throw new ProviderFailedException(NAME, "answered a shipment without a tracking number", null);
        }
        return new ShipmentReceipt(answer.trackingNumber());
    }
}
