package io.annals.command;

import io.annals.kernel.error.VersionConflictException;
import org.axonframework.modelling.command.ConcurrencyException;

/** The If-Match rule every aggregate applies before deciding anything. */
public final class VersionCheck {

    private VersionCheck() {
    }

    /**
     * @throws VersionConflictException when the aggregate moved past the client's version (a real conflict)
     * @throws StaleAggregateException  when the client saw a newer version than this node holds: the cached state
     *                                  is stale, so the command is retried on fresh state
     */
    public static void require(String aggregateId, Long expectedVersion, long actualVersion) {
        if (expectedVersion == null || expectedVersion == actualVersion) {
            return;
        }
        if (expectedVersion > actualVersion) {
            throw new StaleAggregateException(aggregateId, expectedVersion, actualVersion);
        }
        throw new VersionConflictException(aggregateId, expectedVersion, actualVersion);
    }

    /**
     * Transient: the retry scheduler re-runs the command after Axon evicted the aggregate from the cache. If the
     * version is still behind after the retries (the client named a version that never existed), it is answered
     * as a version conflict.
     */
    public static class StaleAggregateException extends ConcurrencyException {

        private final long expectedVersion;
        private final long actualVersion;

        StaleAggregateException(String aggregateId, long expectedVersion, long actualVersion) {
            super("version of " + aggregateId + " is " + actualVersion + ", not " + expectedVersion);
            this.expectedVersion = expectedVersion;
            this.actualVersion = actualVersion;
        }

        public long expectedVersion() {
            return expectedVersion;
        }

        public long actualVersion() {
            return actualVersion;
        }
    }
}
