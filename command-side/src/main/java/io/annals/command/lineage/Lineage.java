package io.annals.command.lineage;

import io.annals.kernel.MessageLineage;

/** How lineage reaches the command side: the HTTP header, and the metadata keys of {@link MessageLineage}. */
public final class Lineage {

    public static final String CORRELATION_ID = MessageLineage.CORRELATION_ID;
    public static final String CAUSATION_ID = MessageLineage.CAUSATION_ID;
    public static final String HEADER = "X-Correlation-Id";
    static final String REQUEST_ATTRIBUTE = Lineage.class.getName() + ".correlationId";

    private Lineage() {
    }
}
