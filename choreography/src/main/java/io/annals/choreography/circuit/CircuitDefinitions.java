package io.annals.choreography.circuit;

import java.util.List;

/**
 * The circuits to build, in the order they are listed: published as a bean by whoever calls out through them (the
 * provider gateways), so this package needs nobody's names or properties.
 */
public record CircuitDefinitions(List<Definition> all) {

    public CircuitDefinitions {
        all = List.copyOf(all);
    }

    /** One circuit: its breaker and the retry around it. */
    public record Definition(String name, CircuitBreakerSettings circuitBreaker, RetrySettings retry) {
    }

    public List<String> names() {
        return all.stream().map(Definition::name).toList();
    }
}
