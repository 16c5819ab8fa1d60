package io.annals.choreography.fulfilment;

/** Where an order's fulfilment stands; the saga listing shows it. */
public enum FulfilmentStep {
    /** ReserveProductStock sent for every sku; waiting for all answers. */
    RESERVING_STOCK,
    /** All stock reserved; the order is being marked STOCK_RESERVED. */
    STOCK_RESERVED,
    /** Charging the payment provider; the payment deadline runs. */
    PAYING,
    /** Paid; creating the shipment with the shipping provider; the shipping deadline runs. */
    SHIPPING,
    /** Shipped; the confirmation waits in the batcher. */
    CONFIRMING,
    /** Undoing what was done, newest first, before the order is cancelled. */
    COMPENSATING,
    /** Ended: the order completed. */
    COMPLETED,
    /** Ended: the order was cancelled and everything compensated. */
    CANCELLED;

    public boolean ended() {
        return this == COMPLETED || this == CANCELLED;
    }
}
