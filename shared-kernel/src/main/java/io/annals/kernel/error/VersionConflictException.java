package io.annals.kernel.error;

/** The client's If-Match version is not the aggregate's current version; nothing was written. */
public class VersionConflictException extends RuntimeException {

    private final long expectedVersion;
    private final long actualVersion;

    public VersionConflictException(String aggregateId, long expectedVersion, long actualVersion) {
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
