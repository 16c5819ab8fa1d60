package io.annals.app.processor;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Health component {@code processors}: one indicator per event processor this instance runs (so its contents follow
 * the instance's roles): UP while it runs, DOWN while one of its segments is in error (a failing batch it retries),
 * UNKNOWN while stopped (a rebuild's switch stops the live processor for a moment; that is no reason for a 503).
 * Details (shown to ADMIN only, {@code management.endpoint.health.show-details}): state,
 * segments claimed here, lag in events behind the store's head (from the stored tokens, so whichever instance holds
 * the segments), segments in error, and the group's dead letters. The processors are read at each call, as Axon
 * builds them after the health beans.
 */
@Component("processors")
class ProcessorsHealth implements CompositeHealthContributor {

    private static final String DEAD_LETTERS = "SELECT count(*) FROM dead_letter_entry WHERE processing_group = ?";

    private final EventProcessingConfiguration processing;
    private final StoredTokens tokens;
    private final EventStore eventStore;
    private final JdbcTemplate jdbc;

    ProcessorsHealth(EventProcessingConfiguration processing, StoredTokens tokens, EventStore eventStore,
                     JdbcTemplate jdbc) {
        this.processing = processing;
        this.tokens = tokens;
        this.eventStore = eventStore;
        this.jdbc = jdbc;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return processor(name).map(processor -> indicator(name, processor)).orElse(null);
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        return processing.eventProcessors().keySet().stream().sorted()
                .flatMap(name -> processor(name).stream()
                        .map(processor -> new HealthContributors.Entry(name, indicator(name, processor))));
    }

    private Optional<StreamingEventProcessor> processor(String name) {
        return processing.eventProcessor(name, StreamingEventProcessor.class);
    }

    private HealthIndicator indicator(String name, StreamingEventProcessor processor) {
        return () -> health(name, processor);
    }

    private Health health(String name, StreamingEventProcessor processor) {
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        long inError = segments.stream().filter(EventTrackerStatus::isErrorState).count();
        Status status;
        String state;
        if (!processor.isRunning()) {
            status = Status.UNKNOWN; // stopped for a moment by a rebuild's switch, or shutting down
            state = "STOPPED";
        } else if (processor.isError() || inError > 0) {
            status = Status.DOWN;
            state = "ERROR";
        } else {
            status = Status.UP;
            state = "RUNNING";
        }
        Health.Builder health = Health.status(status)
                .withDetail("state", state)
                .withDetail("segmentsClaimedHere", segments.size())
                .withDetail("segmentsInError", inError)
                .withDetail("deadLetters", jdbc.queryForObject(DEAD_LETTERS, Long.class, name));
        tokens.eventsBehind(name, eventStore.createHeadToken()).ifPresent(lag -> health.withDetail("lag", lag));
        return health.build();
    }
}
