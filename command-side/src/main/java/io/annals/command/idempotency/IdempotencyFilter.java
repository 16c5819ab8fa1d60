package io.annals.command.idempotency;

import io.annals.kernel.error.RuleViolationException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code Idempotency-Key} on the creating POSTs, as API.md specifies: keys are scoped per user and endpoint; the
 * first completed answer (any status below 500) is stored durably and replayed verbatim for a repeat with the same
 * body; a different body is 422; a repeat while the first is still running is 409, so two simultaneous identical
 * requests never create two entities. Bodies are compared as JSON (key order and white space do not matter).
 *
 * <p>Runs after Spring Security (the user is known) and before Spring MVC.
 */
@Component
@Order(0)
@EnableConfigurationProperties(IdempotencyProperties.class)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final int MAX_KEY_LENGTH = 200;
    private static final Set<String> CREATING_ENDPOINTS = Set.of("/api/customers", "/api/products", "/api/orders");
    private static final Set<String> REPLAYED_HEADERS = Set.of(HttpHeaders.LOCATION, HttpHeaders.ETAG);

    private final IdempotencyStore store;
    private final JsonMapper json;
    private final HandlerExceptionResolver exceptionResolver;

    IdempotencyFilter(IdempotencyStore store, JsonMapper json,
                      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
        this.store = store;
        this.json = json;
        this.exceptionResolver = exceptionResolver;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HEADER) == null || !"POST".equals(request.getMethod())
                || !CREATING_ENDPOINTS.contains(request.getRequestURI());
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
        IdempotencyStore.Claim claim = store.claim(scope, hash(body));
        switch (claim.state()) {
            case CLAIMED -> runAndRemember(new CachedBodyRequest(request, body), response, chain, scope);
            case COMPLETED -> replay(claim.response(), response);
            case IN_PROGRESS -> reject(request, response, new IdempotencyKeyInUseException());
            case OTHER_BODY -> reject(request, response, new IdempotencyKeyReusedException());
        }
    }

    private void runAndRemember(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                                IdempotencyStore.Scope scope) throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean remembered = false;
        try {
            chain.doFilter(request, recorded);
            if (recorded.getStatus() < 500) {
                store.complete(scope, new IdempotencyStore.StoredResponse(recorded.getStatus(),
                        recorded.getContentType(), encodeHeaders(recorded), recorded.getContentAsByteArray()));
                remembered = true;
            }
        } finally {
            if (!remembered) {
                store.release(scope);
            }
            recorded.copyBodyToResponse();
        }
    }

    private static void replay(IdempotencyStore.StoredResponse stored, HttpServletResponse response) throws IOException {
        response.setStatus(stored.status());
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        decodeHeaders(stored.headers()).forEach(response::setHeader);
        response.setHeader("Idempotent-Replayed", "true");
        byte[] body = stored.body() == null ? new byte[0] : stored.body();
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response, Exception failure) {
        exceptionResolver.resolveException(request, response, null, failure);
    }

    private static String encodeHeaders(HttpServletResponse response) {
        StringBuilder encoded = new StringBuilder();
        for (String name : REPLAYED_HEADERS) {
            String value = response.getHeader(name);
            if (value != null) {
                encoded.append(name).append('\n').append(value).append('\n');
            }
        }
        return encoded.toString();
    }

    private static Map<String, String> decodeHeaders(String encoded) {
        Map<String, String> headers = new TreeMap<>();
        if (encoded != null && !encoded.isEmpty()) {
            String[] parts = encoded.split("\n");
            for (int i = 0; i + 1 < parts.length; i += 2) {
                headers.put(parts[i], parts[i + 1]);
            }
        }
        return headers;
    }

    /** SHA-256 of the body as canonical JSON (sorted keys, no white space), or of the raw bytes if not JSON. */
    private String hash(byte[] body) {
        byte[] canonical;
        try {
            StringBuilder text = new StringBuilder();
            canonicalize(json.readTree(body), text);
            canonical = text.toString().getBytes(StandardCharsets.UTF_8);
        } catch (JacksonException e) {
            canonical = body;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void canonicalize(JsonNode node, StringBuilder out) {
        if (node == null || node.isMissingNode()) {
            return;
        }
        if (node.isObject()) {
            TreeMap<String, JsonNode> sorted = new TreeMap<>();
            node.properties().forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> fields = sorted.entrySet().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(StringNode.valueOf(field.getKey())).append(':');
                canonicalize(field.getValue(), out);
                if (fields.hasNext()) {
                    out.append(',');
                }
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                canonicalize(node.get(i), out);
            }
            out.append(']');
        } else {
            out.append(node.toString());
        }
    }

    /** A request whose body was read already, served again from memory. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
