package io.annals.command.lineage;

import io.annals.kernel.MessageLineage;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/** How lineage reaches the command side: the HTTP header, and the metadata keys of {@link MessageLineage}. */
public final class Lineage {

    public static final String CORRELATION_ID = MessageLineage.CORRELATION_ID;
    public static final String CAUSATION_ID = MessageLineage.CAUSATION_ID;
    public static final String HEADER = "X-Correlation-Id";
    static final String REQUEST_ATTRIBUTE = Lineage.class.getName() + ".correlationId";

    private Lineage() {
    }

    /** The correlation id of the HTTP request this thread serves, or {@code null} outside a request. */
    public static String requestCorrelationId() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        return request == null ? null : (String) request.getAttribute(REQUEST_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    }
}
