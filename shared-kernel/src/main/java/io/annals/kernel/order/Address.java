package io.annals.kernel.order;

/** A shipping address. Personal data. */
public record Address(String line1, String city, String postalCode, String country) {
}
