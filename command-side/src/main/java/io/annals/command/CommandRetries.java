package io.annals.command;

import io.annals.command.cache.StaleCachedAggregateException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.modelling.command.ConcurrencyException;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Which failed commands the gateway runs again: only those that decided on state another node had moved past, each
 * time on fresh state (the failed unit of work's rollback evicted the cached aggregate).
 * <ul>
 *     <li>a lost append race ({@link ConcurrencyException}: the event store's unique (aggregate, sequence) rejected
 *     the events) — after an exponential backoff, up to {@code maxRetries} times;</li>
 *     <li>a decision without appending on a stale cached aggregate ({@link StaleCachedAggregateException}) — at once
 *     and on the calling thread, so a command a saga sends inside its transaction is retried inside it, up to
 *     {@code maxRetries} times;</li>
 *     <li>a client's If-Match ahead of this node's cached version ({@link VersionCheck.StaleAggregateException}) —
 *     once: a second "stale" answer means the client named a version that never existed.</li>
 * </ul>
 * Every other failure goes to the caller at once.
 */
final class CommandRetries implements RetryScheduler {

    private final RetryScheduler backoff;
    private final int maxRetries;

    CommandRetries(ScheduledExecutorService executor, int maxRetries, int backoffMillis) {
        this.maxRetries = maxRetries;
        this.backoff = ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(executor)
                .maxRetryCount(maxRetries)
                .backoffFactor(backoffMillis)
                // the failure's own type decides (below): Axon would also test its causes, and a lost append race is
                // a ConcurrencyException caused by the SQL unique violation, which is no ConcurrencyException itself
                .nonTransientFailurePredicate(failure -> false)
                .build();
    }

    @Override
    public boolean scheduleRetry(CommandMessage commandMessage, RuntimeException lastFailure,
                                 List<Class<? extends Throwable>[]> failures, Runnable commandDispatch) {
        if (lastFailure instanceof StaleCachedAggregateException) {
            if (failures.size() > maxRetries) {
                return false;
            }
            commandDispatch.run();
            return true;
        }
        if (lastFailure instanceof VersionCheck.StaleAggregateException && failures.size() > 1) {
            return false;
        }
        return lastFailure instanceof ConcurrencyException
                && backoff.scheduleRetry(commandMessage, lastFailure, failures, commandDispatch);
    }
}
