package io.annals.choreography.provider;

/** The provider's answer to a successful charge. */
public record PaymentReceipt(String providerReference) {
}
