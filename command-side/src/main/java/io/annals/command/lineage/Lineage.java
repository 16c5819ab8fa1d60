package io.annals.command.lineage;

import io.annals.kernel.MessageLineage;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.UUID;
import java.util.regex.Pattern;

/** How lineage reaches the command side: the HTTP header, and the metadata keys of {@link MessageLineage}. */
public final class Lineage {

    public static final String CORRELATION_ID = MessageLineage.CORRELATION_ID;
    public static final String CAUSATION_ID = MessageLineage.CAUSATION_ID;
    public static final String HEADER = "X-Correlation-Id";
    static final String REQUEST_ATTRIBUTE = Lineage.class.getName() + ".correlationId";

    private static final Pattern WELL_FORMED = Pattern.compile("[\\x21-\\x7E]{1,128}");

    private Lineage() {
    }

    /**
     * The correlation id a request gets: the client's {@code X-Correlation-Id} when it is well-formed (1..128
     * visible ASCII characters), a new UUID when it sent none, {@code null} when the one it sent is malformed.
     */
    public static String correlationIdFor(String given) {
        if (given == null) {
            return UUID.randomUUID().toString();
        }
        return WELL_FORMED.matcher(given).matches() ? given : null;
    }

    /**
     * Gives a request its correlation id: the attribute its commands carry ({@link #requestCorrelationId()}), the
     * response header and the logging MDC, until {@link #closeRequest()}.
     */
    public static void openRequest(HttpServletRequest request, HttpServletResponse response, String correlationId) {
        request.setAttribute(REQUEST_ATTRIBUTE, correlationId);
        response.setHeader(HEADER, correlationId);
        MDC.put(CORRELATION_ID, correlationId);
    }

    public static void closeRequest() {
        MDC.remove(CORRELATION_ID);
    }

    /** The correlation id of the HTTP request this thread serves, or {@code null} outside a request. */
    public static String requestCorrelationId() {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        return request == null ? null : (String) request.getAttribute(REQUEST_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    }
}
