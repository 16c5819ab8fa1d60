package io.annals.choreography.circuit;

import java.util.List;
import java.util.function.Predicate;

/**
 * The circuits to build, in the order they are listed: published as a bean by whoever calls out through them (the
 * provider gateways, the event fan-out), so this package needs nobody's names or properties. Several such beans may
 * exist; their circuits are listed in bean order.
 */
public record CircuitDefinitions(List<Definition> all) {

    public CircuitDefinitions {
        all = List.copyOf(all);
    }

    /**
     * One circuit: its breaker, the retry around it, and which failures count against it.
     *
     * @param retry   {@code null}: no retry, the caller retries by itself (an event processor backs off on its own)
     * @param failure the failures the breaker records; any other outcome counts as a success
     */
    public record Definition(String name, CircuitBreakerSettings circuitBreaker, RetrySettings retry,
                             Predicate<Throwable> failure) {

        /** A provider's circuit: its transient HTTP failures count ({@link ResilientCall#isTransient}). */
        public Definition(String name, CircuitBreakerSettings circuitBreaker, RetrySettings retry) {
            this(name, circuitBreaker, retry, ResilientCall::isTransient);
        }
    }

    public List<String> names() {
        return all.stream().map(Definition::name).toList();
    }
}
