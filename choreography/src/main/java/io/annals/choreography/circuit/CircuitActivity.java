package io.annals.choreography.circuit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each circuit last saw a successful and a failed call; the breakers themselves only count. Listens to every
 * breaker of the registry, also those added later. Kept across a reset: they are facts about the provider.
 */
final class CircuitActivity {

    private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastFailure = new ConcurrentHashMap<>();

    CircuitActivity(CircuitBreakerRegistry registry) {
        registry.getAllCircuitBreakers().forEach(this::listenTo);
        registry.getEventPublisher().onEntryAdded(added -> listenTo(added.getAddedEntry()));
    }

    private void listenTo(CircuitBreaker breaker) {
        String name = breaker.getName();
        breaker.getEventPublisher()
                .onSuccess(event -> lastSuccess.put(name, event.getCreationTime().toInstant()))
                .onError(event -> lastFailure.put(name, event.getCreationTime().toInstant()));
    }

    Instant lastSuccessAt(String circuit) {
        return lastSuccess.get(circuit);
    }

    Instant lastFailureAt(String circuit) {
        return lastFailure.get(circuit);
    }
}
