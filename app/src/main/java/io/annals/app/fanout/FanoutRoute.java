package io.annals.app.fanout;

import io.annals.app.eventjson.TypeGlobs;
import io.annals.choreography.circuit.CircuitBreakerSettings;

/**
 * One configured target and what goes to it: the processor (and circuit) named {@code name} publishes the events whose
 * type matches {@code types} to {@code target}.
 */
record FanoutRoute(String name, FanoutTarget target, TypeGlobs types, CircuitBreakerSettings circuitBreaker)
        implements AutoCloseable {

    static final String REDIS = "fanout-redis";
    static final String KAFKA = "fanout-kafka";

    /** Closes the target's connection when the context closes, after the processors stopped. */
    @Override
    public void close() {
        target.close();
    }
}
