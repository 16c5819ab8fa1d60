package io.annals.kernel.order;

/** Ranges the order commands accept (API.md). */
public final class OrderLimits {

    public static final int MIN_LINES = 1;
    public static final int MAX_LINES = 100;
    public static final int MIN_QUANTITY = 1;
    public static final int MAX_QUANTITY = 10_000;
    public static final int MAX_ADDRESS_FIELD_LENGTH = 200;
    public static final int MAX_NOTE_LENGTH = 500;

    private OrderLimits() {
    }
}
