package io.annals.app.web.lean;

import io.annals.command.idempotency.IdempotentCreate;
import io.annals.command.web.ApiDocs;
import io.annals.kernel.web.LeanPath;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Constraint;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.PathContainer;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.ValueConstants;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.util.pattern.PathPattern;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One {@link LeanPath} handler method: the requests it takes, how its arguments are read from them, how it is called
 * and how its answers are timed. An argument reader answers {@link #DECLINE} for a request Spring MVC would read
 * differently or refuse (a second value, a body that does not parse or validate); the request then goes the full way,
 * which gives the contract's answer.
 */
final class LeanRoute {

    /** What an argument reader answers for a request it leaves to Spring MVC. */
    static final Object DECLINE = new Object();

    private static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

    /** Bodies Spring MVC reads with another converter than JSON's. */
    private static final Set<Class<?>> RAW_BODIES = Set.of(String.class, byte[].class, Object.class);

    private final String method;
    private final PathPattern pattern;
    private final List<PathPattern> shadows;
    private final HandlerMethod handler;
    private final MethodHandle invoker;
    private final ArgumentReader[] arguments;
    private final String[] unlessHeaders;
    private final ObjectWriter writer;
    private final MeterRegistry meters;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    /**
     * @param shadows the patterns of the other handlers for the same method that may match the same paths: Spring
     *                MVC would pick the more specific one, so a path any of them matches goes the full way
     */
    LeanRoute(String method, PathPattern pattern, List<PathPattern> shadows, HandlerMethod handler, JsonMapper json,
              Validator validator, MeterRegistry meters) {
        Method target = handler.getMethod();
        if (!ResponseEntity.class.equals(target.getReturnType()) || target.isAnnotationPresent(ResponseStatus.class)) {
            throw new IllegalStateException("@LeanPath " + target + " must return a ResponseEntity, with no "
                    + "@ResponseStatus");
        }
        if (target.isAnnotationPresent(IdempotentCreate.class)
                && !List.of(target.getAnnotation(LeanPath.class).unlessHeaders()).contains(ApiDocs.IDEMPOTENCY_KEY)) {
            throw new IllegalStateException("@LeanPath " + target + " is an @IdempotentCreate: its requests with an "
                    + ApiDocs.IDEMPOTENCY_KEY + " must go the full way (unlessHeaders)");
        }
        this.method = method;
        this.pattern = pattern;
        this.shadows = List.copyOf(shadows);
        this.handler = handler;
        this.unlessHeaders = target.getAnnotation(LeanPath.class).unlessHeaders();
        this.writer = json.writer();
        this.meters = meters;
        this.arguments = new ArgumentReader[target.getParameterCount()];
        for (int i = 0; i < arguments.length; i++) {
            MethodParameter parameter = new MethodParameter(target, i);
            parameter.initParameterNameDiscovery(PARAMETER_NAMES);
            arguments[i] = readerFor(parameter, pattern, json, validator);
        }
        try {
            target.setAccessible(true);
            this.invoker = MethodHandles.lookup().unreflect(target).bindTo(handler.getBean())
                    .asSpreader(Object[].class, arguments.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + target, e);
        }
    }

    HandlerMethod handler() {
        return handler;
    }

    /** The path variables when this route takes the request's method and path, else {@code null}. */
    Map<String, String> match(String requestMethod, PathContainer path) {
        if (!method.equals(requestMethod)) {
            return null;
        }
        PathPattern.PathMatchInfo matched = pattern.matchAndExtract(path);
        if (matched == null) {
            return null;
        }
        for (PathPattern shadow : shadows) {
            if (shadow.matches(path)) {
                return null;
            }
        }
        return matched.getUriVariables();
    }

    /** Whether the request carries a header that a filter in front of the handler acts on. */
    boolean hasFullPathHeader(HttpServletRequest request) {
        for (String header : unlessHeaders) {
            if (request.getHeader(header) != null) {
                return true;
            }
        }
        return false;
    }

    /** The handler's arguments, or {@code null} when one of them leaves the request to Spring MVC. */
    Object[] arguments(LeanRequest request) {
        Object[] values = new Object[arguments.length];
        for (int i = 0; i < values.length; i++) {
            Object value = arguments[i].read(request);
            if (value == DECLINE) {
                return null;
            }
            values[i] = value;
        }
        return values;
    }

    /** Calls the handler; what it throws is its own exception, as Spring MVC would see it. */
    ResponseEntity<?> invoke(Object[] arguments) throws Throwable {
        Object answer = invoker.invokeExact(arguments);
        return (ResponseEntity<?>) answer;
    }

    byte[] json(Object body) {
        return writer.writeValueAsBytes(body);
    }

    /** Times the request as Spring's HTTP server observation does, under its name and tags. */
    void record(int status, Throwable failure, long nanos) {
        String exception = failure == null ? "none" : failure.getClass().getSimpleName();
        timers.computeIfAbsent(status + " " + exception, key -> Timer.builder("http.server.requests")
                        .tag("error", exception)
                        .tag("exception", exception)
                        .tag("method", method)
                        .tag("outcome", outcome(status))
                        .tag("status", Integer.toString(status))
                        .tag("uri", pattern.getPatternString())
                        .register(meters))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    private static String outcome(int status) {
        return switch (status / 100) {
            case 1 -> "INFORMATIONAL";
            case 2 -> "SUCCESS";
            case 3 -> "REDIRECTION";
            case 4 -> "CLIENT_ERROR";
            case 5 -> "SERVER_ERROR";
            default -> "UNKNOWN";
        };
    }

    @FunctionalInterface
    private interface ArgumentReader {
        Object read(LeanRequest request);
    }

    /** The argument kinds a lean handler may take; any other fails at start-up rather than being read wrongly. */
    private static ArgumentReader readerFor(MethodParameter parameter, PathPattern pattern, JsonMapper json,
                                            Validator validator) {
        RequestBody body = parameter.getParameterAnnotation(RequestBody.class);
        if (body == null ? !String.class.equals(parameter.getParameterType()) || isValidated(parameter)
                : !body.required() || RAW_BODIES.contains(parameter.getParameterType())) {
            throw unsupported(parameter);
        }
        PathVariable variable = parameter.getParameterAnnotation(PathVariable.class);
        if (variable != null) {
            String name = name(variable.name(), variable.value(), parameter);
            if (!pattern.getPatternString().contains("{" + name + "}")) {
                throw unsupported(parameter);
            }
            return request -> request.pathVariables().get(name);
        }
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null && ValueConstants.DEFAULT_NONE.equals(param.defaultValue())) {
            String name = name(param.name(), param.value(), parameter);
            boolean required = param.required();
            // without a query string there is nothing to parse (Tomcat would parse it on the first look)
            return request -> request.servlet().getQueryString() == null ? single((String[]) null, required)
                    : single(request.servlet().getParameterValues(name), required);
        }
        RequestHeader header = parameter.getParameterAnnotation(RequestHeader.class);
        if (header != null && ValueConstants.DEFAULT_NONE.equals(header.defaultValue())) {
            String name = name(header.name(), header.value(), parameter);
            boolean required = header.required();
            return request -> single(request.servlet().getHeaders(name), required);
        }
        if (body != null) {
            Validated groups = parameter.getParameterAnnotation(Validated.class);
            if (groups != null && groups.value().length > 0) {
                throw unsupported(parameter);
            }
            ObjectReader reader = json.readerFor(json.constructType(parameter.getGenericParameterType()));
            boolean validated = parameter.hasParameterAnnotation(Valid.class) || groups != null;
            return request -> {
                byte[] bytes = request.body();
                if (bytes == null) {
                    return DECLINE;
                }
                Object value;
                try {
                    value = reader.readValue(bytes);
                } catch (RuntimeException unreadable) {
                    return DECLINE;
                }
                if (value == null || validated && !validator.validate(value).isEmpty()) {
                    return DECLINE;
                }
                return value;
            };
        }
        throw unsupported(parameter);
    }

    /** Whether Spring MVC would validate this (non-body) argument itself: a constraint or {@code @Valid} on it. */
    private static boolean isValidated(MethodParameter parameter) {
        for (Annotation annotation : parameter.getParameterAnnotations()) {
            if (annotation instanceof Valid || annotation instanceof Validated
                    || annotation.annotationType().isAnnotationPresent(Constraint.class)) {
                return true;
            }
        }
        return false;
    }

    private static Object single(String[] values, boolean required) {
        if (values == null) {
            return required ? DECLINE : null;
        }
        return values.length == 1 ? values[0] : DECLINE;
    }

    private static Object single(Enumeration<String> values, boolean required) {
        if (values == null || !values.hasMoreElements()) {
            return required ? DECLINE : null;
        }
        String value = values.nextElement();
        return values.hasMoreElements() ? DECLINE : value;
    }

    /** The annotation's name or its alias {@code value} (a plain annotation does not resolve the alias). */
    private static String name(String declared, String alias, MethodParameter parameter) {
        if (!declared.isEmpty()) {
            return declared;
        }
        if (!alias.isEmpty()) {
            return alias;
        }
        String name = parameter.getParameterName();
        if (name == null) {
            throw new IllegalStateException("no name for " + parameter + ": compile with -parameters");
        }
        return name;
    }

    private static IllegalStateException unsupported(MethodParameter parameter) {
        return new IllegalStateException("@LeanPath handlers take String path variables of their pattern, "
                + "parameters and headers without defaults or constraints, and a required JSON @RequestBody "
                + "validated in the default group at most; not " + parameter);
    }
}
