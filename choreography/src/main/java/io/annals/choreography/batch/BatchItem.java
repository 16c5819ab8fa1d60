package io.annals.choreography.batch;

import java.time.Instant;
import java.util.Set;

/** One queued item; {@code attempts} counts the failed batches it was part of. */
public record BatchItem(long id, String payload, int priority, Set<String> tags, Instant enqueuedAt, int attempts,
                        String traceParent) {
}
