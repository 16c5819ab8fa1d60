package io.annals.kernel.product;

/**
 * Why a product refused to reserve stock for an order line. An unknown sku has no product to refuse: the fulfilment
 * workflow checks that every sku exists before it reserves, and cancels the order with UNKNOWN_SKU itself.
 */
public enum StockRejectionReason {
    OUT_OF_STOCK
}
