package io.annals.command.intake;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * Refuses intake while the enrichment processor is more than {@code annals.intake.max-lag} events behind. The lag is
 * read at most once per {@code lag-check-interval}; requests in between reuse the reading.
 */
class IntakeBackpressure {

    private record Reading(long lag, long readAtNanos) {
    }

    private final EnrichmentLag enrichmentLag;
    private final long maxLag;
    private final long intervalNanos;
    private final Duration retryAfter;
    private final LongSupplier nanoClock;
    private final AtomicReference<Reading> last = new AtomicReference<>();

    IntakeBackpressure(EnrichmentLag enrichmentLag, IntakeProperties properties, LongSupplier nanoClock) {
        this.enrichmentLag = enrichmentLag;
        this.maxLag = properties.maxLag();
        this.intervalNanos = properties.lagCheckInterval().toNanos();
        this.retryAfter = properties.retryAfter();
        this.nanoClock = nanoClock;
    }

    /** @throws IntakeBehindException when the processor is too far behind */
    void check() {
        long lag = lag();
        if (lag > maxLag) {
            throw new IntakeBehindException(lag, maxLag, retryAfter);
        }
    }

    /** The latest reading of the lag (0 while the processor has no token), read again when it is too old. */
    long lag() {
        long now = nanoClock.getAsLong();
        Reading reading = last.get();
        if (reading == null || now - reading.readAtNanos() >= intervalNanos) {
            OptionalLong behind = enrichmentLag.eventsBehind();
            reading = new Reading(behind.orElse(0), now);
            last.set(reading);
        }
        return reading.lag();
    }
}
