package io.annals.kernel.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a hot HTTP handler method that the service may also serve on its lean request path, beside Spring MVC: the
 * same method, security rules and answers, without the per-request dispatch, observation and filter stack. The lean
 * path takes only requests the full path would accept as they are (well-formed body, credentials that are allowed,
 * plain JSON); every other request, and every request while tracing is on, goes the full way. The handler must take
 * only path variables, optional request parameters and headers, and a validated JSON body, and return a
 * {@code ResponseEntity} that sets neither a content type nor cache headers (the lean path writes JSON, and Spring
 * Security's cache headers).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface LeanPath {

    /**
     * Request headers that send a request the full way when present: those a filter in front of the handler acts
     * on, such as {@code Idempotency-Key} on a creating endpoint.
     */
    String[] unlessHeaders() default {};
}
