package io.annals.command.idempotency;

import io.annals.command.idempotency.IdempotencyStore.ClaimedKey;
import io.annals.command.idempotency.IdempotencyStore.StoredResponse;
import io.annals.command.web.CachedBodyRequest;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.Order;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.security.Principal;

/**
 * {@code Idempotency-Key} on the creating POSTs (the controller methods marked {@link IdempotentCreate}), as API.md
 * specifies: keys are scoped per user and endpoint; the first completed answer (any status below 500) is stored
 * durably and replayed verbatim for a repeat with the same body; a different body is 422; a repeat while the first is
 * still running is 409, so two simultaneous identical requests never create two entities. Bodies are compared as JSON
 * (key order and white space do not matter).
 *
 * <p>A creation's answer is stored with its events, in the command's transaction ({@link IdempotentAnswers}); this
 * filter stores the answers of requests that wrote nothing (400, 409, 422). It exists only on instances with the
 * command role, and remembers only answers of the endpoints' own handlers: a 404 or 405 from routing is not the
 * endpoint's answer and must not be replayed for two days.
 *
 * <p>Runs after Spring Security (the user is known) and before Spring MVC.
 */
@Component
@InstanceRole(Role.COMMAND)
@Order(0)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 200;

    private final IdempotencyStore store;
    private final CreatingEndpoints creatingEndpoints;
    private final RequestFingerprint fingerprint;
    private final HandlerExceptionResolver exceptionResolver;

    IdempotencyFilter(IdempotencyStore store, CreatingEndpoints creatingEndpoints, JsonMapper json,
                      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
        this.store = store;
        this.creatingEndpoints = creatingEndpoints;
        this.fingerprint = new RequestFingerprint(json);
        this.exceptionResolver = exceptionResolver;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HEADER) == null || !"POST".equals(request.getMethod())
                || !creatingEndpoints.containsPost(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Principal user = request.getUserPrincipal();
        if (user == null) {
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER);
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            reject(request, response, new RuleViolationException(HEADER, "must be 1.." + MAX_KEY_LENGTH + " characters"));
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (IOException e) {
            reject(request, response, new HttpMessageNotReadableException("request body could not be read", e,
                    new ServletServerHttpRequest(request)));
            return;
        }
        IdempotencyStore.Scope scope = new IdempotencyStore.Scope(user.getName(), "POST " + request.getRequestURI(), key);
        IdempotencyStore.Claim claim = store.claim(scope, fingerprint.of(body));
        switch (claim.state()) {
            case CLAIMED -> runAndRemember(new CachedBodyRequest(request, body), response, chain, claim.claimed());
            case COMPLETED -> replay(claim.response(), response);
            case IN_PROGRESS -> reject(request, response, new IdempotencyKeyInUseException());
            case OTHER_BODY -> reject(request, response, new IdempotencyKeyReusedException());
        }
    }

    private void runAndRemember(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                                ClaimedKey claimed) throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        request.setAttribute(IdempotentAnswers.CLAIMED_KEY, claimed);
        boolean remembered = false;
        try {
            chain.doFilter(request, recorded);
            if (recorded.getStatus() < 500 && reachedAHandler(request)) {
                // does nothing if the command's transaction stored the answer already
                store.complete(claimed, new StoredResponse(recorded.getStatus(), recorded.getContentType(),
                        ReplayedHeaders.encode(recorded::getHeader), recorded.getContentAsByteArray()));
                remembered = true;
            }
        } finally {
            if (!remembered) {
                // a 5xx is not remembered; but a key whose command committed stays completed
                store.release(claimed);
            }
            recorded.copyBodyToResponse();
        }
    }

    /** Whether Spring MVC routed the request to a controller method (rather than answering 404/405 itself). */
    private static boolean reachedAHandler(HttpServletRequest request) {
        return request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod;
    }

    private static void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
        response.setStatus(stored.status());
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        ReplayedHeaders.decode(stored.headers()).forEach(response::setHeader);
        response.setHeader("Idempotent-Replayed", "true");
        byte[] body = stored.body() == null ? new byte[0] : stored.body();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, Exception failure) {
        exceptionResolver.resolveException(request, response, null, failure);
    }
}
