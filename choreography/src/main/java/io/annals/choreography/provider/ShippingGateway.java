package io.annals.choreography.provider;

import io.annals.kernel.order.Address;
import io.annals.kernel.order.OrderLine;

import java.util.List;

/** The shipping provider, behind its circuit breaker and retry. Idempotent per {@code shipmentId}. */
public interface ShippingGateway {

    /** The provider's name, also its circuit's name. */
    String NAME = "shipping";

    /**
     * @throws ProviderUnavailableException the circuit refused the call: nothing was attempted, try again later
     * @throws ProviderFailedException      the provider refused, or kept failing after the retries
     */
    ShipmentReceipt createShipment(String shipmentId, String orderId, Address address, List<OrderLine> lines);
}
