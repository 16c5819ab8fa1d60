package io.annals.command.lineage;

import io.annals.kernel.error.RuleViolationException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.IOException;

/**
 * Gives every request a correlation id: the client's {@code X-Correlation-Id} when it sent a well-formed one
 * (1..128 visible ASCII characters), a new UUID otherwise. The id is echoed in the response header, put in the
 * logging MDC, and attached to every command the request sends.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class CorrelationIdFilter extends OncePerRequestFilter {

    private final HandlerExceptionResolver exceptionResolver;

    CorrelationIdFilter(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver handlerExceptionResolver) {
        this.exceptionResolver = handlerExceptionResolver;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String correlationId = Lineage.correlationIdFor(request.getHeader(Lineage.HEADER));
        if (correlationId == null) {
            exceptionResolver.resolveException(request, response, null,
                    new RuleViolationException(Lineage.HEADER, "must be 1..128 visible ASCII characters"));
            return;
        }
        Lineage.openRequest(request, response, correlationId);
        try {
            chain.doFilter(request, response);
        } finally {
            Lineage.closeRequest();
        }
    }
}
