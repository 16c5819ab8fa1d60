package io.annals.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.io.Reader;

/**
 * TEST ONLY: a filter that misbehaves under {@value #ROOT} (and passes everything else on), for the errors that
 * happen outside Spring MVC. Component-scanned into every test context; it runs after Spring Security, like the
 * application's own filters.
 * <ul>
 *     <li>{@code throw}: throws, as a buggy filter would</li>
 *     <li>{@code read}: reads the whole body through {@code getReader()}, then answers 204</li>
 *     <li>{@code send-error}: {@code sendError(400, …)} with a message meant for the log only</li>
 * </ul>
 */
@Component
class FaultyFilter extends OncePerRequestFilter {

    static final String ROOT = "/test/faulty-filter/";
    static final String SECRET = "internal detail of the faulty filter";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(ROOT);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        switch (request.getRequestURI().substring(ROOT.length())) {
            case "throw" -> throw new IllegalStateException(SECRET);
            case "read" -> {
                Reader reader = request.getReader();
                char[] buffer = new char[8192];
                while (reader.read(buffer) >= 0) {
                    // drain: only the size matters
                }
                response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            }
            case "send-error" -> response.sendError(HttpServletResponse.SC_BAD_REQUEST, SECRET);
            default -> chain.doFilter(request, response);
        }
    }
}
