package io.annals.choreography.circuit;

import io.annals.kernel.error.EntityNotFoundException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import java.util.List;

/** Every defined circuit (the providers', the event fan-out's): their views, and a reset that closes one by hand. */
public final class Circuits {

    private static final double PERCENT = 100.0;

    private final CircuitBreakerRegistry registry;
    private final CircuitActivity activity;
    private final List<String> names;

    Circuits(CircuitBreakerRegistry registry, CircuitActivity activity, List<String> names) {
        this.registry = registry;
        this.activity = activity;
        this.names = List.copyOf(names);
    }

    /** Every circuit, in the order of its {@link CircuitDefinitions}. */
    public List<CircuitView> list() {
        return names.stream().map(this::view).toList();
    }

    /** @throws EntityNotFoundException for a name that is not one of the defined circuits */
    public CircuitView view(String name) {
        return view(breaker(name));
    }

    /** Closes the circuit and forgets its window, as if the provider had just been set up. */
    public CircuitView reset(String name) {
        CircuitBreaker breaker = breaker(name);
        breaker.reset();
        return view(breaker);
    }

    private CircuitBreaker breaker(String name) {
        if (!names.contains(name)) {
            throw new EntityNotFoundException("No circuit named " + name + "; circuits are " + names);
        }
        return registry.circuitBreaker(name);
    }

    private CircuitView view(CircuitBreaker breaker) {
        CircuitBreaker.Metrics metrics = breaker.getMetrics();
        // Resilience4j reports -1 until the minimum number of calls was made
        float percent = metrics.getFailureRate();
        double failureRate = percent < 0 ? 0 : percent / PERCENT;
        String name = breaker.getName();
        return new CircuitView(name, breaker.getState().name(), failureRate, metrics.getNumberOfBufferedCalls(),
                metrics.getNumberOfFailedCalls(), metrics.getNumberOfNotPermittedCalls(),
                activity.lastFailureAt(name), activity.lastSuccessAt(name));
    }
}
