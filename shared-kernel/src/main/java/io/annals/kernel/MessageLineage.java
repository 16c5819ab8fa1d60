package io.annals.kernel;

/** Metadata keys that link every message to the client request that started it (part of the published language). */
public final class MessageLineage {

    /** The id shared by everything one client request caused (from {@code X-Correlation-Id} or generated). */
    public static final String CORRELATION_ID = "correlationId";
    /** The id of the message that directly caused this one. */
    public static final String CAUSATION_ID = "causationId";

    private MessageLineage() {
    }
}
