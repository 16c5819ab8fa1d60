package io.annals.kernel.order;

/** The life cycle of an order (API.md). */
public enum OrderStatus {
    PENDING, STOCK_RESERVED, PAID, SHIPPED, COMPLETED, CANCELLED;

    /** A customer may cancel until the order has shipped. */
    public boolean cancellable() {
        return this == PENDING || this == STOCK_RESERVED || this == PAID;
    }
}
