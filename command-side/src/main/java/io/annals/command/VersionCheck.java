package io.annals.command;

import io.annals.kernel.error.VersionConflictException;

/** The If-Match rule every aggregate applies before deciding anything. */
public final class VersionCheck {

    private VersionCheck() {
    }

    public static void require(String aggregateId, Long expectedVersion, long actualVersion) {
        if (expectedVersion != null && expectedVersion != actualVersion) {
            throw new VersionConflictException(aggregateId, expectedVersion, actualVersion);
        }
    }
}
