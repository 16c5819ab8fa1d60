package io.annals.app.eventstore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Event-store tuning (the processors' share of {@code annals.axon} is {@link io.annals.app.processor.ProcessorTuning}).
 *
 * @param eventReadBatchSize      rows per query when reading an aggregate's or the global stream
 * @param eventStoreFetchDelay    how long an idle stream waits before polling again; local appends wake it at once
 * @param eventStoreCachedEvents  events kept in memory for streaming processors that are at the head
 * @param maxEventsInFlight       events a processor's stream hands out ahead of its slowest segment (below Axon's
 *                                1,024 per work package: see {@link CommitSignallingEventSource})
 */
@ConfigurationProperties("annals.axon")
public record EventStoreTuning(@DefaultValue("500") int eventReadBatchSize,
                               @DefaultValue("100ms") Duration eventStoreFetchDelay,
                               @DefaultValue("10000") int eventStoreCachedEvents,
                               @DefaultValue("768") int maxEventsInFlight) {
}
