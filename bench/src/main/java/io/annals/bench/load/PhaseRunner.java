package io.annals.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a phase: a fixed number of client threads ("virtual users"), each doing operation after operation with no
 * think time until the budget is spent. This is a closed model: the offered load adapts to the service's speed,
 * so latency percentiles are the latencies the clients saw, and ops/s is the service's throughput at that
 * concurrency.
 */
public final class PhaseRunner {

    public PhaseResult run(String name, int clients, Budget budget, Operation operation) {
        AtomicLong nextSequence = new AtomicLong();
        long operationLimit = budget instanceof Budget.Operations ops ? ops.count() : Long.MAX_VALUE;
        Map<String, String> firstErrors = new ConcurrentHashMap<>();
        List<ClientTally> tallies = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int client = 0; client < clients; client++) {
            ClientTally tally = new ClientTally();
            tallies.add(tally);
            int clientIndex = client;
            Thread thread = new Thread(() -> {
                await(start);
                long deadline = budget instanceof Budget.Timed timed
                        ? System.nanoTime() + timed.duration().toNanos() : Long.MAX_VALUE;
                while (System.nanoTime() < deadline
                        && !(budget instanceof Budget.Until until && until.done().getAsBoolean())) {
                    long sequence = nextSequence.getAndIncrement();
                    if (sequence >= operationLimit) {
                        break;
                    }
                    tally.record(execute(operation, clientIndex, sequence, firstErrors));
                }
            }, name + "-client-" + client);
            thread.start();
            threads.add(thread);
        }
        long started = System.nanoTime();
        start.countDown();
        for (Thread thread : threads) {
            join(thread);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        LatencyStats latency = new LatencyStats();
        Map<String, Long> failures = new HashMap<>();
        long operations = 0;
        for (ClientTally tally : tallies) {
            latency.add(tally.latency);
            tally.failures.forEach((label, count) -> failures.merge(label, count, Long::sum));
            operations += tally.operations;
        }
        return new PhaseResult(name, clients, operations, elapsed, latency, failures, firstErrors);
    }

    private static TimedOutcome execute(Operation operation, int client, long sequence,
                                        Map<String, String> firstErrors) {
        long begin = System.nanoTime();
        Outcome outcome = attempt(operation, client, sequence, firstErrors);
        long wall = System.nanoTime() - begin;
        return new TimedOutcome(outcome, outcome.latencyNanos() >= 0 ? outcome.latencyNanos() : wall);
    }

    /** Runs the operation once; an exception is an outcome labelled by its type, its first message kept. */
    static Outcome attempt(Operation operation, int client, long sequence, Map<String, String> firstErrors) {
        try {
            return operation.execute(client, sequence);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.failed("interrupted");
        } catch (Exception e) {
            String type = e.getClass().getSimpleName();
            firstErrors.putIfAbsent(type, String.valueOf(e.getMessage()));
            return Outcome.failed(e instanceof IOException ? "io-error" : "error-" + type);
        }
    }

    private record TimedOutcome(Outcome outcome, long latencyNanos) {
    }

    /** One client's counts; touched by its own thread only, read after it has been joined. */
    private static final class ClientTally {
        final LatencyStats latency = new LatencyStats();
        final Map<String, Long> failures = new HashMap<>();
        long operations;

        void record(TimedOutcome timed) {
            operations++;
            latency.recordNanos(timed.latencyNanos());
            if (!timed.outcome().isOk()) {
                failures.merge(timed.outcome().label(), 1L, Long::sum);
            }
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + thread.getName(), e);
        }
    }
}
