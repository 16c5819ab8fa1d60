package io.annals.bench.load;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * An open-model phase: operations arrive at a fixed rate whatever the service's answers take, so latency is measured
 * below saturation instead of at it (a closed model's clients wait for each answer and so slow down with the
 * service). Each latency counts from the operation's scheduled arrival, not from when a worker got to it: a
 * generator that falls behind shows as latency instead of hiding it (coordinated omission). The arrivals that
 * started more than {@link #LATE} after their time are counted ({@link Result#lateStarts}), so a run whose
 * generator could not keep the rate says so.
 *
 * <p>Hand-written because the harness's phases ({@link PhaseRunner}) are all closed-model, and a wrk-style
 * constant-throughput client would not run the workloads' own Java operations.
 */
public final class OpenArrivals {

    public static final long LATE_MILLIS = 50;
    private static final Duration LATE = Duration.ofMillis(LATE_MILLIS);

    private final Map<String, Long> failures = new HashMap<>();
    private final LatencyStats latency = new LatencyStats();
    private long lateStarts;

    /** The phase, and how many arrivals a worker started more than {@link #LATE} after their time. */
    public record Result(PhaseResult phase, long lateStarts) {
    }

    private OpenArrivals() {
    }

    /**
     * Runs {@code operation} {@code perSecond} times a second until the budget (a duration or a number of operations)
     * is spent, on up to {@code workers} threads at once, and waits for the last one to answer. The operation's
     * {@code client} argument is the arrival's number modulo {@code workers}.
     */
    public static Result run(String name, double perSecond, Budget budget, int workers, Operation operation) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("an arrival rate must be positive: " + perSecond);
        }
        if (budget instanceof Budget.Until) {
            throw new IllegalArgumentException("an open-model phase needs a duration or a number of operations");
        }
        OpenArrivals tally = new OpenArrivals();
        Map<String, String> firstErrors = new ConcurrentHashMap<>();
        AtomicLong done = new AtomicLong();
        long interval = Math.round(1e9 / perSecond);
        long limit = budget instanceof Budget.Operations operations ? operations.count() : Long.MAX_VALUE;
        long stopAt = budget instanceof Budget.Timed timed ? timed.duration().toNanos() : Long.MAX_VALUE;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        long start = System.nanoTime();
        long arrivals = 0;
        try {
            for (; arrivals < limit && arrivals * interval < stopAt; arrivals++) {
                long due = start + arrivals * interval;
                long wait;
                while ((wait = due - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                long sequence = arrivals;
                pool.execute(() -> {
                    long begin = System.nanoTime();
                    Outcome outcome = PhaseRunner.attempt(operation, (int) (sequence % workers), sequence, firstErrors);
                    long end = System.nanoTime();
                    tally.record(outcome, outcome.latencyNanos() >= 0 ? outcome.latencyNanos() : end - due,
                            begin - due > LATE.toNanos());
                    done.incrementAndGet();
                });
            }
        } finally {
            pool.shutdown();
            awaitTermination(pool);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        synchronized (tally) {
            return new Result(new PhaseResult(name, workers, done.get(), elapsed, tally.latency, tally.failures,
                    firstErrors), tally.lateStarts);
        }
    }

    private synchronized void record(Outcome outcome, long latencyNanos, boolean late) {
        latency.recordNanos(latencyNanos);
        if (!outcome.isOk()) {
            failures.merge(outcome.label(), 1L, Long::sum);
        }
        if (late) {
            lateStarts++;
        }
    }

    private static void awaitTermination(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("open-model operations still running after 10 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the last arrivals", e);
        }
    }
}
