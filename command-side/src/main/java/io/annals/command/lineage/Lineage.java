package io.annals.command.lineage;

/** Metadata keys that link every message to the request that started it. */
public final class Lineage {

    /** The id shared by everything one client request caused (from {@code X-Correlation-Id} or generated). */
    public static final String CORRELATION_ID = "correlationId";
    /** The id of the message that directly caused this one. */
    public static final String CAUSATION_ID = "causationId";
    public static final String HEADER = "X-Correlation-Id";
    static final String REQUEST_ATTRIBUTE = Lineage.class.getName() + ".correlationId";

    private Lineage() {
    }
}
