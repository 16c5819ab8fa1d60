package io.annals.app.fanout;

import io.annals.app.eventjson.EventJson;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The event handler of one target's processor: gathers the matching events of a batch and publishes them when the
 * batch commits, behind the target's circuit breaker, each under its own global position ({@link EventPositions}).
 *
 * <p>At least once: the publish runs in the batch's prepare-commit phase, after the processor queued its token
 * update in the same database transaction. It returns only once the broker acknowledged every event; when it throws
 * (a broker failure, an open circuit) the transaction rolls back, the token stays where it was, and the processor
 * releases the segment and tries the same events again after a growing pause (1 s doubling up to 60 s). Nothing is
 * skipped: the processor has no dead-letter queue, and its error handlers propagate.
 */
final class FanoutPublisher {

    private static final String PUBLISHED = "annals.fanout.published";
    private static final String BATCHES = "annals.fanout.batch";

    private final FanoutRoute route;
    private final EventJson json;
    private final EventPositions positions;
    private final CircuitBreaker circuitBreaker;
    private final Counter published;
    private final Timer batches;
    private final String batchKey;

    FanoutPublisher(FanoutRoute route, EventJson json, EventPositions positions, CircuitBreaker circuitBreaker,
                    MeterRegistry meters) {
        this.route = route;
        this.json = json;
        this.positions = positions;
        this.circuitBreaker = circuitBreaker;
        this.published = Counter.builder(PUBLISHED).tag("target", route.name())
                .description("events the broker acknowledged").register(meters);
        this.batches = Timer.builder(BATCHES).tag("target", route.name())
                .description("publishing one batch, until the broker acknowledged it or it failed").register(meters);
        this.batchKey = FanoutPublisher.class.getName() + "." + route.name();
    }

    String name() {
        return route.name();
    }

    @EventHandler
    void on(EventMessage<?> event, UnitOfWork<?> batch) {
        if (!route.types().matches(event)) {
            return;
        }
        List<EventMessage<?>> events = batch.getOrComputeResource(batchKey, key -> {
            List<EventMessage<?>> gathered = new ArrayList<>();
            batch.onPrepareCommit(committing -> publish(gathered));
            return gathered;
        });
        events.add(event);
    }

    private FanoutEvent fanoutEventOf(EventMessage<?> event, long position) {
        String aggregateType = null;
        String aggregateId = null;
        if (event instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null) {
            aggregateType = domain.getType();
            aggregateId = domain.getAggregateIdentifier();
        }
        return new FanoutEvent(position, event.getIdentifier(), EventJson.typeOf(event), aggregateType, aggregateId,
                json.of(position, event));
    }

    private void publish(List<EventMessage<?>> gathered) {
        if (gathered.isEmpty()) {
            return;
        }
        Map<String, Long> positionsById = positions.of(gathered.stream().map(EventMessage::getIdentifier).toList());
        List<FanoutEvent> events = gathered.stream()
                .map(event -> fanoutEventOf(event, positionsById.get(event.getIdentifier()))).toList();
        batches.record(() -> circuitBreaker.executeRunnable(() -> route.target().publish(events)));
        published.increment(events.size());
    }
}
