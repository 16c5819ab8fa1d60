package io.annals.query.consistency;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Read-your-writes for single-entity GETs ({@code ?minVersion=N}).
 *
 * <p>Guarantee: {@link #await} answers with a view whose version is at least N, or throws
 * {@link ReadModelBehindException} once the consistency timeout has passed. Projections on this node call
 * {@link #committed} after their transaction commits, which wakes waiters at once; a projection that runs on
 * another node is seen by a re-read at most every {@code recheck-interval}, so waiting never polls the database in
 * a tight loop.
 *
 * <p>Bounds (ids come from the URL): an id that cannot exist (wrong format, or no event in the event store) is
 * answered "not found" at once; at most {@code max-waiting-reads} requests wait at a time, any further one is refused
 * with {@link TooManyWaitingReadsException} at once; and nothing is remembered of an id once no request waits on it.
 */
@Component
public class ReadYourWrites {

    /**
     * @param consistencyTimeout how long a {@code minVersion} read may wait (API.md: default 5 s)
     * @param recheckInterval    how often a waiter re-reads when no local commit woke it
     * @param maxWaitingReads    how many {@code minVersion} reads may wait at once on this instance; each holds a
     *                           request thread, so keep it well below the server's threads (Tomcat: 200); default 64
     */
    @ConfigurationProperties("annals.query")
    public record Properties(@DefaultValue("5s") Duration consistencyTimeout,
                             @DefaultValue("200ms") Duration recheckInterval,
                             @DefaultValue("64") int maxWaitingReads) {

        public Properties {
            if (maxWaitingReads < 1) {
                throw new IllegalArgumentException("annals.query.max-waiting-reads must be at least 1");
            }
        }
    }

    private final Properties properties;
    private final EventStore eventStore;
    private final Semaphore waitingReads;
    /** Per read model and id, while at least one request waits on it (and only then). */
    private final ConcurrentMap<String, Waiters> waiters = new ConcurrentHashMap<>();

    ReadYourWrites(Properties properties, EventStore eventStore) {
        this.properties = properties;
        this.eventStore = eventStore;
        this.waitingReads = new Semaphore(properties.maxWaitingReads());
    }

    /**
     * Called by a projection while it writes {@code model}/{@code id}: waiters are woken once the projection's unit
     * of work has committed (at once when there is none).
     */
    public void announce(String model, String id) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> committed(model, id));
        } else {
            committed(model, id);
        }
    }

    /** Wakes every waiter of {@code model}/{@code id} registered so far; the write must have committed. */
    public void committed(String model, String id) {
        Waiters current = waiters.get(key(model, id));
        if (current != null) {
            current.wakeAll();
        }
    }

    /**
     * Reads with {@code read} until the view's version reaches {@code minVersion}.
     *
     * @param idFormat what ids of this read model look like; {@code id} must be in the form {@code read} uses, which
     *                 is also its aggregate identifier in the event store
     * @return the view, or empty when it does not exist: without {@code minVersion} when the read model has no row;
     * with it also at once when the id cannot name an entity (malformed, or no event was ever stored for it)
     * @throws TooManyWaitingReadsException when {@code max-waiting-reads} requests wait already
     * @throws ReadModelBehindException     when the read model did not reach {@code minVersion} in time
     */
    public <T> Optional<T> await(String model, IdFormat idFormat, String id, Long minVersion,
                                 Supplier<Optional<T>> read, ToLongFunction<T> versionOf) {
        Optional<T> view = read.get();
        if (minVersion == null || reached(view, minVersion, versionOf)) {
            return view;
        }
        // the slow path only: a plain GET never asks the event store
        if (!idFormat.fits(id) || (view.isEmpty() && eventStore.lastSequenceNumberFor(id).isEmpty())) {
            return Optional.empty();
        }
        if (!waitingReads.tryAcquire()) {
            throw new TooManyWaitingReadsException(properties.maxWaitingReads());
        }
        try {
            return waitFor(key(model, id), minVersion, read, versionOf);
        } finally {
            waitingReads.release();
        }
    }

    /** How many {@code minVersion} reads wait right now (for monitoring and tests). */
    public int waitingReads() {
        return properties.maxWaitingReads() - waitingReads.availablePermits();
    }

    /** How many ids waiting reads are registered on right now (for monitoring and tests). */
    public int waitedIds() {
        return waiters.size();
    }

    private <T> Optional<T> waitFor(String key, long minVersion, Supplier<Optional<T>> read,
                                    ToLongFunction<T> versionOf) {
        Waiters registered = register(key);
        try {
            long deadline = System.nanoTime() + properties.consistencyTimeout().toNanos();
            while (true) {
                // taken before the re-read, so a commit in between completes this very signal and is not missed
                CompletableFuture<Void> wakeUp = registered.signal();
                Optional<T> view = read.get();
                if (reached(view, minVersion, versionOf)) {
                    return view;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    throw new ReadModelBehindException(properties.consistencyTimeout());
                }
                sleepUntilWoken(wakeUp, Math.min(remaining, properties.recheckInterval().toNanos()));
            }
        } finally {
            unregister(key);
        }
    }

    private void sleepUntilWoken(CompletableFuture<Void> wakeUp, long nanos) {
        try {
            wakeUp.get(nanos, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // re-read: the write may have been projected on another node
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReadModelBehindException(properties.consistencyTimeout());
        } catch (ExecutionException e) {
            throw new IllegalStateException("a wake-up signal is never completed exceptionally", e);
        }
    }

    /** Joins the waiters of {@code key}, creating them for the first; atomic with {@link #unregister}. */
    private Waiters register(String key) {
        return waiters.compute(key, (k, current) -> {
            Waiters joined = current == null ? new Waiters() : current;
            joined.readers++;
            return joined;
        });
    }

    /** Leaves the waiters of {@code key}; the last one to leave removes the entry, so no id outlives its waits. */
    private void unregister(String key) {
        waiters.computeIfPresent(key, (k, current) -> --current.readers == 0 ? null : current);
    }

    private static <T> boolean reached(Optional<T> view, long minVersion, ToLongFunction<T> versionOf) {
        return view.isPresent() && versionOf.applyAsLong(view.get()) >= minVersion;
    }

    private static String key(String model, String id) {
        return model + '\u0000' + id;
    }

    /**
     * The requests waiting on one id. They share one signal; a commit completes it and puts a fresh one in its place,
     * so everyone who took the signal before the commit wakes, and everyone after re-reads the committed row.
     * {@code readers} is only touched inside the map's atomic {@code compute} calls for this key.
     */
    private static final class Waiters {

        private final AtomicReference<CompletableFuture<Void>> signal =
                new AtomicReference<>(new CompletableFuture<>());
        private int readers;

        CompletableFuture<Void> signal() {
            return signal.get();
        }

        void wakeAll() {
            signal.getAndSet(new CompletableFuture<>()).complete(null);
        }
    }
}
