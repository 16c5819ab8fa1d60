package io.annals.command.temporal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * Folded states of aggregates at every {@code interval}-th version, kept in memory, so a temporal read starts from the
 * nearest checkpoint at or before the requested point instead of from the first event.
 *
 * <p>Always correct, also across nodes: events are never changed once appended, so the state after version N is
 * the same forever; a checkpoint only ever lies at or before the point asked for.
 */
final class FoldCheckpoints {

    record Checkpoint(Object state, long version, Instant lastEventAt) {
    }

    private final int interval;
    private final Cache<String, NavigableMap<Long, Checkpoint>> byAggregate;

    FoldCheckpoints(int interval, long maxAggregates) {
        this.interval = interval;
        this.byAggregate = Caffeine.newBuilder().maximumSize(maxAggregates).build();
    }

    boolean isDue(long version) {
        return version > 0 && version % interval == 0;
    }

    void remember(String kind, String id, Checkpoint checkpoint) {
        byAggregate.get(key(kind, id), k -> new ConcurrentSkipListMap<>()).putIfAbsent(checkpoint.version(), checkpoint);
    }

    /** The latest checkpoint that satisfies {@code atOrBefore} (which must hold for a prefix of the versions). */
    Checkpoint latest(String kind, String id, Predicate<Checkpoint> atOrBefore) {
        NavigableMap<Long, Checkpoint> checkpoints = byAggregate.getIfPresent(key(kind, id));
        if (checkpoints == null) {
            return null;
        }
        for (Map.Entry<Long, Checkpoint> entry : checkpoints.descendingMap().entrySet()) {
            if (atOrBefore.test(entry.getValue())) {
                return entry.getValue();
            }
        }
        return null;
    }

    private static String key(String kind, String id) {
        return kind + '\u0000' + id;
    }
}
