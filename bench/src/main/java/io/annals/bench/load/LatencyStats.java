package io.annals.bench.load;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Latencies of one phase, kept in an HdrHistogram at microsecond resolution with three significant digits, so a
 * percentile is exact to 0.1 % whatever the spread (no averaging of averages, no lost outliers). Not thread-safe:
 * each client thread records into its own instance and {@link #add} merges them at the end of a phase.
 */
public final class LatencyStats {

    /** Longer than any request the harness waits for (its HTTP timeout is far below this). */
    private static final long HIGHEST_TRACKABLE_MICROS = TimeUnit.MINUTES.toMicros(10);
    private static final int SIGNIFICANT_DIGITS = 3;

    private final Histogram histogram = new Histogram(1, HIGHEST_TRACKABLE_MICROS, SIGNIFICANT_DIGITS);

    public void recordNanos(long nanos) {
        long micros = Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos));
        histogram.recordValue(Math.min(micros, HIGHEST_TRACKABLE_MICROS));
    }

    public void add(LatencyStats other) {
        histogram.add(other.histogram);
    }

    public long count() {
        return histogram.getTotalCount();
    }

    /** The latency at {@code percentile} (0..100) in milliseconds; 0 when nothing was recorded. */
    public double percentileMillis(double percentile) {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    public double maxMillis() {
        return count() == 0 ? 0 : histogram.getMaxValue() / 1000.0;
    }

    public double meanMillis() {
        return count() == 0 ? 0 : histogram.getMean() / 1000.0;
    }

    /** How many recorded latencies were at least {@code threshold}. */
    public long countAtLeast(Duration threshold) {
        long micros = TimeUnit.NANOSECONDS.toMicros(threshold.toNanos());
        if (count() == 0 || micros > histogram.getMaxValue()) {
            return 0;
        }
        return histogram.getCountBetweenValues(micros, histogram.getMaxValue());
    }
}
