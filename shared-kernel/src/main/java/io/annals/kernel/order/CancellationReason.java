package io.annals.kernel.order;

/** Why an order ended CANCELLED (API.md). */
public enum CancellationReason {
    OUT_OF_STOCK, UNKNOWN_SKU, PAYMENT_FAILED, PAYMENT_TIMEOUT, SHIPPING_FAILED, CANCELLED_BY_CUSTOMER
}
