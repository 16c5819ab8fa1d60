package io.annals.command.intake;

import org.axonframework.eventhandling.EventMessage;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * What intake must know of the event store before it appends to sources' streams, asked set-based (one statement for
 * any number of sources). The event store's owner implements it; every call runs in the caller's transaction.
 */
public interface SourceStreams {

    /**
     * Locks the streams until the current transaction ends, so that appends to one stream run one after the other on
     * every node (the sequence of a source must be gapless, so its next number is known only once the previous append
     * committed), then reads where each stream ends. Locks are taken in the set's order, so two requests never wait
     * for each other in a cycle.
     *
     * @return each stream's last sequence number; absent for a stream with no event yet
     */
    Map<String, Long> lockAndReadHeads(SortedSet<String> aggregateIds);

    /** Those of the given event identifiers that the event store holds. */
    Set<String> storedEventIdentifiers(Collection<String> eventIdentifiers);

    /**
     * Takes {@code count} positions in the event store's global order for events about to be appended in the current
     * transaction, ascending, as the store would give them on insert.
     */
    long[] reservePositions(int count);

    /**
     * Appends the events in the current transaction, in their order, at the given {@link #reservePositions reserved
     * positions}, as Axon's event store would store them; the event processors are woken once the transaction commits.
     */
    void append(List<? extends EventMessage<?>> events, long[] positions);
}
