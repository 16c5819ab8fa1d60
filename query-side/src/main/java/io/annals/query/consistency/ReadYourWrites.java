package io.annals.query.consistency;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 */
@Component
public class ReadYourWrites {

    /**
     * @param consistencyTimeout how long a {@code minVersion} read may wait (API.md: default 5 s)
     * @param recheckInterval    how often a waiter re-reads when no local commit woke it
     */
    @ConfigurationProperties("annals.query")
    public record Properties(@DefaultValue("5s") Duration consistencyTimeout,
                             @DefaultValue("200ms") Duration recheckInterval) {
    }

    private final Properties properties;
    private final ConcurrentMap<String, CompletableFuture<Void>> waiters = new ConcurrentHashMap<>();

    ReadYourWrites(Properties properties) {
        this.properties = properties;
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

    /** Wakes the waiters of {@code model}/{@code id}; the write must have committed. */
    public void committed(String model, String id) {
        CompletableFuture<Void> waiter = waiters.remove(key(model, id));
        if (waiter != null) {
            waiter.complete(null);
        }
    }

    /**
     * Reads with {@code read} until the view's version reaches {@code minVersion}.
     *
     * @return the view, or empty when it does not exist (and {@code minVersion} is null)
     */
    public <T> Optional<T> await(String model, String id, Long minVersion, Supplier<Optional<T>> read,
                                 ToLongFunction<T> versionOf) {
        Optional<T> view = read.get();
        if (minVersion == null || reached(view, minVersion, versionOf)) {
            return view;
        }
        long deadline = System.nanoTime() + properties.consistencyTimeout().toNanos();
        while (true) {
            CompletableFuture<Void> wakeUp = waiters.computeIfAbsent(key(model, id), k -> new CompletableFuture<>());
            view = read.get(); // re-read after registering, so a commit in between is not missed
            if (reached(view, minVersion, versionOf)) {
                return view;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new ReadModelBehindException(properties.consistencyTimeout());
            }
            try {
                wakeUp.get(Math.min(remaining, properties.recheckInterval().toNanos()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                // re-read: the write may have been projected on another node
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReadModelBehindException(properties.consistencyTimeout());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static <T> boolean reached(Optional<T> view, long minVersion, ToLongFunction<T> versionOf) {
        return view.isPresent() && versionOf.applyAsLong(view.get()) >= minVersion;
    }

    private static String key(String model, String id) {
        return model + '\u0000' + id;
    }
}
