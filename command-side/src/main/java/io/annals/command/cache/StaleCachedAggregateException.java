package io.annals.command.cache;

import org.axonframework.modelling.command.ConcurrencyException;

/**
 * A command decided, without appending, on a cached aggregate that another node had moved on meanwhile. Its rollback
 * evicted the aggregate, so the command gateway retries it at once, on the calling thread, on fresh state (see
 * {@code CommandSideConfiguration}).
 */
public class StaleCachedAggregateException extends ConcurrencyException {

    public StaleCachedAggregateException(String aggregateId, Long cachedVersion, long storedVersion) {
        super("aggregate " + aggregateId + " is at version " + storedVersion + " in the event store; the cache held "
                + "version " + cachedVersion);
    }
}
