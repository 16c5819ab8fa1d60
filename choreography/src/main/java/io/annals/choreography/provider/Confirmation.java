package io.annals.choreography.provider;

/** One order confirmation email. Personal data: the address. */
public record Confirmation(String orderId, String email, String trackingNumber) {
}
