package io.annals.app.fanout;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.util.OptionalLong;

/**
 * One target's health: DOWN while its circuit is open (the broker fails, events wait for it), UP otherwise; with
 * the circuit's state, the processor's stored position and its lag behind the event store's head as details.
 */
final class FanoutHealthIndicator implements HealthIndicator {

    private final String processor;
    private final CircuitBreaker circuitBreaker;
    private final TokenPositions positions;
    private final EventStore eventStore;

    FanoutHealthIndicator(String processor, CircuitBreaker circuitBreaker, TokenPositions positions,
                          EventStore eventStore) {
        this.processor = processor;
        this.circuitBreaker = circuitBreaker;
        this.positions = positions;
        this.eventStore = eventStore;
    }

    @Override
    public Health health() {
        CircuitBreaker.State state = circuitBreaker.getState();
        boolean open = state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
        Health.Builder health = open ? Health.down() : Health.up();
        health.withDetail("processor", processor).withDetail("circuit", state.name());
        OptionalLong position = positions.lowest(processor);
        TrackingToken headToken = eventStore.createHeadToken();
        OptionalLong head = headToken == null ? OptionalLong.empty() : headToken.position();
        if (position.isPresent()) {
            health.withDetail("position", position.getAsLong());
            if (head.isPresent()) {
                health.withDetail("lag", Math.max(0, head.getAsLong() - position.getAsLong()));
            }
        }
        return health.build();
    }
}
