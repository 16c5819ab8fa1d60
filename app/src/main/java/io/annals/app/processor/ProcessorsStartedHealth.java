package io.annals.app.processor;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Health component {@code processorsStarted}, part of the readiness group: DOWN until every event processor of this
 * instance has started (naming those that have not), UP from then on. It does not go DOWN again when a processor
 * stops for a moment (a rebuild's switch restarts the live one): taking the instance out of rotation for that would
 * only move its readers elsewhere; {@code processors} shows each one's state.
 */
@Component("processorsStarted")
class ProcessorsStartedHealth implements HealthIndicator {

    private final EventProcessingConfiguration processing;
    private volatile boolean started;

    ProcessorsStartedHealth(EventProcessingConfiguration processing) {
        this.processing = processing;
    }

    @Override
    public Health health() {
        if (started) {
            return Health.up().build();
        }
        List<String> notStarted = processing.eventProcessors().values().stream()
                .filter(processor -> !processor.isRunning())
                .map(EventProcessor::getName)
                .sorted()
                .toList();
        started = notStarted.isEmpty();
        return (started ? Health.up() : Health.down().withDetail("notStarted", notStarted)).build();
    }
}
