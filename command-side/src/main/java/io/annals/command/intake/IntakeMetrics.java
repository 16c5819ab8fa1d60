package io.annals.command.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The intake's meters ({@code annals.intake.*}: accepted, duplicates, rejected by field, throttled requests, the
 * validate and append stages' timers, the enrichment lag) and one log line a minute with the throughput, never a line
 * per event.
 */
class IntakeMetrics {

    private static final Logger log = LoggerFactory.getLogger(IntakeMetrics.class);
    private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private final MeterRegistry registry;
    private final Counter accepted;
    private final Counter duplicates;
    private final Counter throttled;
    private final Timer validate;
    private final Timer append;
    private final LongSupplier nanoClock;
    private final AtomicLong loggedAt;
    private final AtomicLong acceptedSinceLog = new AtomicLong();
    private final AtomicLong requestsSinceLog = new AtomicLong();

    IntakeMetrics(MeterRegistry registry, IntakeBackpressure backpressure, LongSupplier nanoClock) {
        this.registry = registry;
        this.accepted = registry.counter("annals.intake.accepted");
        this.duplicates = registry.counter("annals.intake.duplicates");
        this.throttled = registry.counter("annals.intake.throttled");
        this.validate = Timer.builder("annals.intake.stage").tag("stage", "validate").register(registry);
        this.append = Timer.builder("annals.intake.stage").tag("stage", "append").register(registry);
        Gauge.builder("annals.intake.lag", backpressure, IntakeBackpressure::lag)
                .description("events the enrichment processor is behind the event store's head")
                .register(registry);
        this.nanoClock = nanoClock;
        this.loggedAt = new AtomicLong(nanoClock.getAsLong());
    }

    Timer validate() {
        return validate;
    }

    Timer append() {
        return append;
    }

    void throttled() {
        throttled.increment();
    }

    void stored(IntakeAppender.Appended appended, List<IntakeRejection> rejected) {
        accepted.increment(appended.accepted());
        duplicates.increment(appended.duplicates());
        for (IntakeRejection rejection : rejected) {
            registry.counter("annals.intake.rejected", "field", rejection.field()).increment();
        }
        acceptedSinceLog.addAndGet(appended.accepted());
        requestsSinceLog.incrementAndGet();
        logThroughputOncePerMinute();
    }

    private void logThroughputOncePerMinute() {
        long now = nanoClock.getAsLong();
        long last = loggedAt.get();
        if (now - last >= LOG_INTERVAL_NANOS && loggedAt.compareAndSet(last, now)) {
            long events = acceptedSinceLog.getAndSet(0);
            long requests = requestsSinceLog.getAndSet(0);
            double seconds = (now - last) / 1e9;
            log.info("intake: {} events accepted in {} requests over the last {} s ({} events/s)", events, requests,
                    Math.round(seconds), Math.round(events / seconds));
        }
    }
}
