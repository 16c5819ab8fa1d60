package io.annals.bench.workload.intake;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Waits until the enriched read model holds every accepted event: {@code GET /api/intake/sources/{id}} for every
 * source until its {@code accepted} reaches what the service acknowledged for it.
 *
 * <p>Polling costs the service CPU on the same two cores that enrich the backlog, so each poller asks about one
 * pending source at a time, pauses between unsuccessful asks, and moves on as soon as the source is current (the
 * enrichment runs in global order, so once one source is current the others are nearly so). The completion time is
 * therefore exact to about one pass over the sources (a GET each) plus one pause.
 */
final class ReadModelWatch {

    /** Reads one source's view; empty when the service does not know the source yet (404). */
    @FunctionalInterface
    interface SourceReader {
        Optional<SourceView> read(String sourceId) throws IOException, InterruptedException;
    }

    static final int POLLERS = 2;
    static final Duration POLL_PAUSE = Duration.ofMillis(20);
    /** After {@code accepted} is complete, how long the duplicate counts may still take to arrive. */
    static final Duration SETTLE_GRACE = Duration.ofSeconds(10);

    /**
     * @param complete        every source reached its accepted count in time
     * @param completeAtNanos {@link System#nanoTime()} of the read that found the last source current
     * @param views           the last view read of each source (settled: see {@link #settle})
     * @param gets            GETs sent
     */
    record Result(boolean complete, long completeAtNanos, Map<String, SourceView> views, long gets) {
    }

    private final SourceReader reader;
    private final IntakeSender.Pause pause;

    ReadModelWatch(SourceReader reader, IntakeSender.Pause pause) {
        this.reader = reader;
        this.pause = pause;
    }

    Result awaitAccepted(List<String> sources, IntakeLedger ledger, Duration giveUp) throws InterruptedException {
        long deadline = System.nanoTime() + giveUp.toNanos();
        Map<String, SourceView> views = new ConcurrentHashMap<>();
        AtomicLong completeAt = new AtomicLong();
        AtomicLong gets = new AtomicLong();
        boolean[] complete = new boolean[POLLERS];
        List<Thread> pollers = new ArrayList<>();
        for (int p = 0; p < POLLERS; p++) {
            int poller = p;
            Thread thread = new Thread(() -> {
                try {
                    boolean all = true;
                    for (int s = poller; s < sources.size(); s += POLLERS) {
                        all &= awaitSource(sources.get(s), ledger.expectedAccepted(s), deadline, views, completeAt,
                                gets);
                    }
                    complete[poller] = all;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "intake-watch-" + p);
            thread.start();
            pollers.add(thread);
        }
        boolean all = true;
        for (int p = 0; p < POLLERS; p++) {
            pollers.get(p).join();
            all &= complete[p];
        }
        return new Result(all, completeAt.get(), Map.copyOf(views), gets.get());
    }

    private boolean awaitSource(String source, long expected, long deadline, Map<String, SourceView> views,
                                AtomicLong completeAt, AtomicLong gets) throws InterruptedException {
        while (true) {
            Optional<SourceView> view = Optional.empty();
            try {
                gets.incrementAndGet();
                view = reader.read(source);
            } catch (IOException e) {
                // a failed read is repeated after the pause
            }
            long readAt = System.nanoTime();
            view.ifPresent(v -> views.put(source, v));
            if (view.isPresent() && view.get().accepted() >= expected || expected == 0 && view.isEmpty()) {
                completeAt.accumulateAndGet(readAt, Math::max);
                return true;
            }
            if (readAt > deadline) {
                return false;
            }
            pause.sleep(POLL_PAUSE);
        }
    }

    /**
     * Re-reads the sources whose duplicate count or last sequence has not yet caught up with their accepted count
     * (the duplicates are facts of their own, projected like the events), for up to {@link #SETTLE_GRACE}; returns
     * the final views.
     */
    Map<String, SourceView> settle(List<String> sources, IntakeLedger ledger, Map<String, SourceView> views)
            throws InterruptedException {
        Map<String, SourceView> settled = new ConcurrentHashMap<>(views);
        long deadline = System.nanoTime() + SETTLE_GRACE.toNanos();
        for (int s = 0; s < sources.size(); s++) {
            String source = sources.get(s);
            while (!isSettled(settled.get(source), ledger, s) && System.nanoTime() < deadline) {
                pause.sleep(POLL_PAUSE);
                try {
                    reader.read(source).ifPresent(v -> settled.put(source, v));
                } catch (IOException e) {
                    // repeated while the grace lasts
                }
            }
        }
        return Map.copyOf(settled);
    }

    private static boolean isSettled(SourceView view, IntakeLedger ledger, int source) {
        if (view == null) {
            return ledger.expectedAccepted(source) == 0 && ledger.injectedDuplicates(source) == 0;
        }
        return view.duplicates() >= ledger.injectedDuplicates(source) && view.lastSequence() >= view.accepted();
    }
}
