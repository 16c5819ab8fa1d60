package io.annals.app.feed;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Puts one stream's events in the order of their global positions, so that each SSE {@code id:} can be a position a
 * client resumes after without losing or repeating an event.
 *
 * <p>Why: PostgreSQL hands out global positions when an append starts but shows the events when it commits, so a
 * reader can see position 12 before 11 (two concurrent appends) and the storage engine then reads 11 later, as a
 * filled gap of its tracking token. Sent at once, 11 after 12 would break resuming after an id: after 12, 11 is
 * lost; after 11, 12 comes twice. So an event waits ({@code gapWait}) while a lower position it passed is still a gap
 * of the stream's token, and leaves as soon as that gap is filled; in-flight appends commit within milliseconds.
 * A gap still open after {@code gapWait} is taken for an append that rolled back (its position is never used) and
 * stops holding events back.
 *
 * <p>Should such a gap be filled after all (an append slower than {@code gapWait}), its event is still delivered to
 * this stream, a live client loses nothing, but under the highest id sent so far rather than its own position:
 * resuming after that id must not send the events above the late one again. A client that resumed after N cannot
 * get positions at or below N from anyone (its start token has no gaps), which is what its id said.
 *
 * <p>Reads the storage engine's {@link GapAwareTrackingToken}s (the JDBC engine's). Used by one reader thread; the
 * held events are bounded ({@code maxHeld}: beyond it the lowest leaves without waiting).
 */
final class PositionOrder {

    /** An event to send, under the SSE id it gets. */
    record Released(long id, long position, TrackedEventMessage<?> event) {
    }

    private final long gapWaitNanos;
    private final int maxHeld;
    private final NavigableMap<Long, TrackedEventMessage<?>> held = new TreeMap<>();
    /** The stream's open gaps, each with the time it was first seen. */
    private final NavigableMap<Long, Long> gapSeenAt = new TreeMap<>();
    /** The highest position released: the id a client that saw everything so far resumes after. */
    private long highest;
    /** The token of the previous event (the start's at first): an event's position follows from the two. */
    private GapAwareTrackingToken previous;

    /** @param after the position the stream starts after (the client's start) */
    PositionOrder(long after, long gapWaitNanos, int maxHeld) {
        this.highest = after;
        this.previous = GapAwareTrackingToken.newInstance(after, Collections.emptySortedSet());
        this.gapWaitNanos = gapWaitNanos;
        this.maxHeld = maxHeld;
    }

    /** The next event of the stream, read at {@code now} (nanoTime): the events that may be sent now, in order. */
    List<Released> accept(TrackedEventMessage<?> event, long now) {
        GapAwareTrackingToken token = (GapAwareTrackingToken) event.trackingToken();
        long position = positionOf(token);
        previous = token;
        noteGaps(token, now);
        List<Released> released = new ArrayList<>();
        if (position <= highest) {
            released.add(new Released(highest, position, event));
        } else {
            held.put(position, event);
        }
        releaseDue(now, released);
        return released;
    }

    /** The events whose wait ended by {@code now}, in order. */
    List<Released> due(long now) {
        List<Released> released = new ArrayList<>();
        releaseDue(now, released);
        return released;
    }

    /** When ({@code nanoTime}) the next held event is due at the latest; empty when none is held. */
    OptionalLong nextDue() {
        if (held.isEmpty()) {
            return OptionalLong.empty();
        }
        return blockingGaps(held.firstKey()).values().stream()
                .mapToLong(seenAt -> seenAt + gapWaitNanos).min();
    }

    /** The highest position released so far (the start position before the first). */
    long highest() {
        return highest;
    }

    private void releaseDue(long now, List<Released> released) {
        while (!held.isEmpty()) {
            long lowest = held.firstKey();
            boolean waiting = blockingGaps(lowest).values().stream().anyMatch(seenAt -> now - seenAt < gapWaitNanos);
            if (waiting && held.size() <= maxHeld) {
                return;
            }
            highest = lowest;
            released.add(new Released(lowest, lowest, held.pollFirstEntry().getValue()));
        }
    }

    /** Open gaps between the highest position released and {@code position}. */
    private Map<Long, Long> blockingGaps(long position) {
        return gapSeenAt.subMap(highest, false, position, false);
    }

    /**
     * The event's global position. A token's index is the highest position seen, not the event's own: an event
     * that fills a gap leaves the index where it was and removes its position from the gaps. (Gaps far below the
     * index may leave with it, dropped by the storage engine: the filled one is the highest that left.)
     */
    private long positionOf(GapAwareTrackingToken token) {
        if (token.getIndex() > previous.getIndex()) {
            return token.getIndex();
        }
        SortedSet<Long> left = new TreeSet<>(previous.getGaps());
        left.removeAll(token.getGaps());
        return left.isEmpty() ? token.getIndex() : left.last();
    }

    /** The token of the latest event holds the stream's open gaps: forget filled ones, time new ones. */
    private void noteGaps(GapAwareTrackingToken token, long now) {
        SortedSet<Long> gaps = token.getGaps();
        gapSeenAt.keySet().retainAll(gaps);
        for (Long gap : gaps) {
            gapSeenAt.putIfAbsent(gap, now);
        }
    }
}
