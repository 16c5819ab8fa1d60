package io.annals.choreography.provider;

/** The provider's answer to a created shipment. */
public record ShipmentReceipt(String trackingNumber) {
}
