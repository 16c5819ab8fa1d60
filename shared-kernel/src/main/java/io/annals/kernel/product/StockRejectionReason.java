package io.annals.kernel.product;

/** Why stock could not be reserved for an order line. */
public enum StockRejectionReason {
    OUT_OF_STOCK, UNKNOWN_SKU
}
