package io.annals.app.web.lean;

import io.annals.kernel.web.LeanPath;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Validator;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.condition.PathPatternsRequestCondition;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.pattern.PathPattern;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@link LeanPath} handlers, found in Spring MVC's own handler mapping once every bean exists: so a handler that
 * is not there (an instance without its role) has no lean route either, and each route has its handler's pattern and
 * method exactly.
 */
final class LeanRoutes implements SmartInitializingSingleton {

    /** A route and the path variables it read from the request. */
    record Matched(LeanRoute route, Map<String, String> pathVariables) {
    }

    private final RequestMappingHandlerMapping mapping;
    private final JsonMapper json;
    private final Validator validator;
    private final MeterRegistry meters;
    private volatile List<Candidate> routes = List.of();

    private record Candidate(String literalPrefix, LeanRoute route) {
    }

    LeanRoutes(RequestMappingHandlerMapping mapping, JsonMapper json, Validator validator, MeterRegistry meters) {
        this.mapping = mapping;
        this.json = json;
        this.validator = validator;
        this.meters = meters;
    }

    @Override
    public void afterSingletonsInstantiated() {
        Map<RequestMappingInfo, HandlerMethod> handlers = mapping.getHandlerMethods();
        List<Candidate> found = new ArrayList<>();
        handlers.forEach((info, handler) -> {
            if (!handler.hasMethodAnnotation(LeanPath.class)) {
                return;
            }
            RequestMethod method = onlyMethod(info, handler);
            PathPattern pattern = onlyPattern(info, handler);
            List<PathPattern> shadows = new ArrayList<>();
            handlers.forEach((other, otherHandler) -> {
                Set<RequestMethod> methods = other.getMethodsCondition().getMethods();
                if (other != info && (methods.isEmpty() || methods.contains(method))) {
                    for (PathPattern candidate : patterns(other)) {
                        if (mayOverlap(pattern.getPatternString(), candidate.getPatternString())) {
                            shadows.add(candidate);
                        }
                    }
                }
            });
            String patternString = pattern.getPatternString();
            int variable = patternString.indexOf('{');
            found.add(new Candidate(variable < 0 ? patternString : patternString.substring(0, variable),
                    new LeanRoute(method.name(), pattern, shadows, handler.createWithResolvedBean(), json, validator,
                            meters)));
        });
        routes = List.copyOf(found);
    }

    /** The route that takes this request, or {@code null} when it goes the full way. */
    Matched match(HttpServletRequest request) {
        List<Candidate> candidates = routes;
        if (candidates.isEmpty() || !request.getContextPath().isEmpty()) {
            return null;
        }
        String path = request.getRequestURI();
        PathContainer parsed = null;
        for (Candidate candidate : candidates) {
            if (!path.startsWith(candidate.literalPrefix())) {
                continue;
            }
            if (parsed == null) {
                if (!isPlain(path)) {
                    return null;
                }
                parsed = PathContainer.parsePath(path);
            }
            Map<String, String> variables = candidate.route().match(request.getMethod(), parsed);
            if (variables != null) {
                return new Matched(candidate.route(), variables);
            }
        }
        return null;
    }

    /**
     * A path that needs no decoding or normalising, so that it reads the same here as in Spring MVC and Spring
     * Security's firewall: unreserved characters only, no empty or dot segment.
     */
    static boolean isPlain(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        char previous = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean unreserved = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '_' || c == '.' || c == '~';
            if (c == '/' ? previous == '/' : !unreserved || c == '.' && previous == '/') {
                return false;
            }
            previous = c;
        }
        return true;
    }

    /**
     * Whether two patterns may match one path: false only when both have the same number of segments and a literal
     * segment differs. Any wildcard counts as a possible overlap.
     */
    static boolean mayOverlap(String one, String other) {
        if (one.contains("*") || other.contains("*")) {
            return true;
        }
        String[] a = one.split("/", -1);
        String[] b = other.split("/", -1);
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            boolean literal = !a[i].contains("{") && !b[i].contains("{");
            if (literal && !a[i].equals(b[i])) {
                return false;
            }
        }
        return true;
    }

    private static RequestMethod onlyMethod(RequestMappingInfo info, HandlerMethod handler) {
        Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
        boolean plain = info.getParamsCondition().isEmpty() && info.getHeadersCondition().isEmpty()
                && info.getConsumesCondition().isEmpty() && info.getProducesCondition().isEmpty()
                && info.getCustomCondition() == null;
        if (methods.size() != 1 || !plain) {
            throw new IllegalStateException("@LeanPath " + handler + " must map one method and no params, headers, "
                    + "consumes, produces or custom condition: " + info);
        }
        return methods.iterator().next();
    }

    private static PathPattern onlyPattern(RequestMappingInfo info, HandlerMethod handler) {
        Set<PathPattern> patterns = patterns(info);
        if (patterns.size() != 1) {
            throw new IllegalStateException("@LeanPath " + handler + " must map one path pattern: " + info);
        }
        return patterns.iterator().next();
    }

    private static Set<PathPattern> patterns(RequestMappingInfo info) {
        PathPatternsRequestCondition condition = info.getPathPatternsCondition();
        return condition == null ? Set.of() : condition.getPatterns();
    }
}
