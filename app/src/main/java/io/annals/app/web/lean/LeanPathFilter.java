package io.annals.app.web.lean;

import io.annals.command.lineage.Lineage;
import io.annals.command.web.CachedBodyRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.HandlerExceptionResolver;

import java.io.IOException;
import java.util.Enumeration;

/**
 * The lean request path: serves the {@link io.annals.kernel.web.LeanPath} handlers straight from the servlet
 * container, in front of every other filter, for the requests Spring MVC would accept as they are.
 *
 * <p>Why by hand: a JFR profile of restock put three quarters of a request thread's CPU in the layers around the
 * handler (Tomcat 15 %, Spring MVC's dispatch, argument resolution and content negotiation 22 %, the HTTP
 * observation 9 %, Jackson through the message converters 8 %, Spring Security's dozen filters 7 %), and of a read
 * by sku nine tenths. Spring offers no lighter dispatch for the same controllers; Tomcat without them is this class.
 *
 * <p>The contract stays the full path's: the same handler method is called, with the same security rules ({@link
 * LeanSecurity}), the same headers (correlation id, Spring Security's response headers), the same JSON mapper and
 * validator, its exceptions answered by the same exception handlers, its time recorded as {@code
 * http.server.requests}. A request the lean path cannot answer exactly as the full path would (no or wrong
 * credentials, another media type, a conditional GET, a malformed correlation id, a body that does not parse or
 * validate, an unusual path) is passed on untouched, its body replayed when it was read; the full path then answers
 * it, 4xx problems included. {@code annals.http.lean} counts both.
 */
final class LeanPathFilter implements Filter {

    /** What Spring Security's default header writers add to every answer over plain HTTP. */
    private static final String[][] SECURITY_HEADERS = {
            {"X-Content-Type-Options", "nosniff"},
            {"X-XSS-Protection", "0"},
            {"Cache-Control", "no-cache, no-store, max-age=0, must-revalidate"},
            {"Pragma", "no-cache"},
            {"Expires", "0"},
            {"X-Frame-Options", "DENY"}};

    /** Headers that make Spring MVC answer a GET conditionally (304, 412). */
    private static final String[] CONDITIONAL_HEADERS = {
            "If-None-Match", "If-Modified-Since", "If-Match", "If-Unmodified-Since"};

    private final LeanRoutes routes;
    private final LeanSecurity security;
    private final HandlerExceptionResolver exceptionResolver;
    private final SecurityContextHolderStrategy securityContexts = SecurityContextHolder.getContextHolderStrategy();
    private final Counter served;
    private final Counter declined;

    LeanPathFilter(LeanRoutes routes, LeanSecurity security, HandlerExceptionResolver exceptionResolver,
                   MeterRegistry meters) {
        this.routes = routes;
        this.security = security;
        this.exceptionResolver = exceptionResolver;
        this.served = answeredOn("lean", meters);
        this.declined = answeredOn("full", meters);
    }

    private static Counter answeredOn(String path, MeterRegistry meters) {
        return Counter.builder("annals.http.lean").tag("path", path)
                .description("Requests to lean-path endpoints, by the path that answered them").register(meters);
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        if (!(servletRequest instanceof HttpServletRequest request)
                || !(servletResponse instanceof HttpServletResponse response)) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        long start = System.nanoTime();
        LeanRoutes.Matched matched = routes.match(request);
        if (matched == null) {
            chain.doFilter(request, response);
            return;
        }
        LeanRequest lean = new LeanRequest(request, matched.pathVariables());
        Accepted accepted;
        try {
            accepted = accept(matched.route(), lean);
        } catch (RuntimeException unreadable) {
            // e.g. a query string Tomcat cannot parse: the full path meets it again and answers as it does
            accepted = null;
        }
        if (accepted == null) {
            declined.increment();
            byte[] body = lean.readBody();
            chain.doFilter(body == null ? request : new CachedBodyRequest(request, body), response);
            return;
        }
        served.increment();
        serve(matched.route(), accepted, request, response, start);
    }

    private record Accepted(String correlationId, Authentication user, Object[] arguments) {
    }

    /** What the lean path needs to answer the request, or {@code null} when it goes the full way. */
    private Accepted accept(LeanRoute route, LeanRequest lean) {
        HttpServletRequest request = lean.servlet();
        if (request.isSecure() || !acceptsJson(request) || route.hasFullPathHeader(request)
                || "GET".equals(request.getMethod()) && isConditional(request) || hasExtension(request)) {
            return null;
        }
        String correlationId = Lineage.correlationIdFor(request.getHeader(Lineage.HEADER));
        if (correlationId == null) {
            return null;
        }
        Authentication user = security.permitted(request);
        if (user == null) {
            return null;
        }
        Object[] arguments = route.arguments(lean);
        return arguments == null ? null : new Accepted(correlationId, user, arguments);
    }

    private void serve(LeanRoute route, Accepted accepted, HttpServletRequest request, HttpServletResponse response,
                       long start) throws IOException, ServletException {
        for (String[] header : SECURITY_HEADERS) {
            response.setHeader(header[0], header[1]);
        }
        Lineage.openRequest(request, response, accepted.correlationId());
        ServletRequestAttributes attributes = new ServletRequestAttributes(request, response);
        RequestContextHolder.setRequestAttributes(attributes);
        LocaleContextHolder.setLocaleContext(request::getLocale);
        SecurityContext context = securityContexts.createEmptyContext();
        context.setAuthentication(accepted.user());
        securityContexts.setContext(context);
        Exception unresolved = null;
        try {
            write(route, route.invoke(accepted.arguments()), response);
        } catch (Throwable thrown) {
            // as Spring MVC's dispatcher: an Error is wrapped, and every failure goes to the exception handlers; one
            // they answered is no exception in the request's metrics
            Exception failure = thrown instanceof Exception exception ? exception
                    : new ServletException("Handler dispatch failed: " + thrown, thrown);
            if (exceptionResolver.resolveException(request, response, route.handler(), failure) == null) {
                unresolved = failure;
                throw new ServletException("unhandled in " + route.handler(), failure);
            }
        } finally {
            securityContexts.clearContext();
            LocaleContextHolder.resetLocaleContext();
            RequestContextHolder.resetRequestAttributes();
            attributes.requestCompleted();
            Lineage.closeRequest();
            route.record(unresolved == null ? response.getStatus() : 500, unresolved, System.nanoTime() - start);
        }
    }

    private static void write(LeanRoute route, ResponseEntity<?> answer, HttpServletResponse response)
            throws IOException {
        response.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        Object body = answer.getBody();
        if (body != null) {
            byte[] json = route.json(body);
            response.setContentType("application/json");
            response.setContentLength(json.length);
            response.getOutputStream().write(json);
        }
    }

    /** No Accept, or one that takes JSON as the only choice: the answer is plain JSON, as in Spring MVC. */
    private static boolean acceptsJson(HttpServletRequest request) {
        Enumeration<String> accept = request.getHeaders("Accept");
        if (accept == null || !accept.hasMoreElements()) {
            return true;
        }
        String value = accept.nextElement().trim();
        return !accept.hasMoreElements() && (value.equals("*/*") || value.equalsIgnoreCase("application/json"));
    }

    /**
     * A last path segment with a dot: Spring MVC marks a 2xx answer to a path with a file extension it does not know
     * as an attachment ({@code Content-Disposition}, against reflected file downloads), so such requests go the full
     * way.
     */
    private static boolean hasExtension(HttpServletRequest request) {
        String path = request.getRequestURI();
        return path.indexOf('.', path.lastIndexOf('/')) >= 0;
    }

    private static boolean isConditional(HttpServletRequest request) {
        for (String header : CONDITIONAL_HEADERS) {
            if (request.getHeader(header) != null) {
                return true;
            }
        }
        return false;
    }
}
