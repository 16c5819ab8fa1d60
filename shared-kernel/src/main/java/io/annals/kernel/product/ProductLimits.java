package io.annals.kernel.product;

/** Ranges the product commands accept (API.md). */
public final class ProductLimits {

    public static final long MIN_RESTOCK = 1;
    public static final long MAX_RESTOCK = 1_000_000;
    public static final long MAX_INITIAL_STOCK = 1_000_000_000L;
    public static final int MAX_NAME_LENGTH = 200;
    /** {@code lowStock} lists products with fewer than this many available. */
    public static final long LOW_STOCK_THRESHOLD = 10;

    private ProductLimits() {
    }
}
