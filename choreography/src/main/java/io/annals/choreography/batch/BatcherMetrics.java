package io.annals.choreography.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.ToLongFunction;

/**
 * The batcher's meters, tagged by type: what this node delivered and failed (counters and a batch-size summary; a
 * dashboard sums the nodes) and what waits in the database (a gauge read at each scrape, the same on every node).
 */
final class BatcherMetrics {

    private static final Logger log = LoggerFactory.getLogger(BatcherMetrics.class);
    private static final String TYPE = "type";

    private final MeterRegistry registry;

    BatcherMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the type's gauge; {@code waiting} is asked at every scrape. */
    void register(String type, ToLongFunction<String> waiting) {
        Gauge.builder("annals.batcher.pending", () -> waitingOrNaN(type, waiting))
                .description("items not yet delivered nor parked").tag(TYPE, type).register(registry);
        // the counters exist, at zero, before the first batch, so a dashboard shows the type at once
        batches(type);
        events(type);
        failures(type);
    }

    void delivered(String type, int size) {
        batches(type).increment();
        events(type).increment(size);
        DistributionSummary.builder("annals.batcher.batch.size").description("items per delivered batch")
                .baseUnit("events").tag(TYPE, type).register(registry).record(size);
    }

    void failed(String type) {
        failures(type).increment();
    }

    private Counter batches(String type) {
        return Counter.builder("annals.batcher.batches").description("batches delivered").tag(TYPE, type)
                .register(registry);
    }

    private Counter events(String type) {
        return Counter.builder("annals.batcher.events").description("items delivered").tag(TYPE, type)
                .register(registry);
    }

    private Counter failures(String type) {
        return Counter.builder("annals.batcher.failures").description("batches failed").tag(TYPE, type)
                .register(registry);
    }

    private static double waitingOrNaN(String type, ToLongFunction<String> waiting) {
        try {
            return waiting.applyAsLong(type);
        } catch (RuntimeException e) {
            // a scrape must not fail because the database is briefly unreachable; NaN shows the gap
            log.debug("pending count of batch type {} unavailable: {}", type, e.toString());
            return Double.NaN;
        }
    }
}
