package io.annals.command.temporal;

import io.annals.kernel.error.EntityNotFoundException;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * History and temporal ("as of") reads of any entity, straight from the event store — one implementation for
 * every kind. Events pass through the upcaster chain on the way, so old revisions read like current ones. Reads
 * always start at a sequence number, which makes the event store skip snapshots: history shows events only.
 *
 * <p>Guarantees: the answer reflects exactly the committed events up to the requested point; it never consults a
 * read model; an id that never existed (or belongs to another kind) is a 404. A fold starts from the nearest
 * {@link FoldCheckpoints checkpoint} at or before the requested point, so a long history is not read again whole.
 */
@Component
public class AggregateHistory {

    private final EventStore eventStore;
    private final Map<String, EntityFold<?>> foldsByKind;
    private final FoldCheckpoints checkpoints;

    AggregateHistory(EventStore eventStore, List<EntityFold<?>> folds,
                     @Value("${annals.temporal.checkpoint-interval:250}") int checkpointInterval,
                     @Value("${annals.temporal.checkpointed-aggregates:2000}") long checkpointedAggregates) {
        this.eventStore = eventStore;
        this.checkpoints = new FoldCheckpoints(checkpointInterval, checkpointedAggregates);
        this.foldsByKind = folds.stream().collect(Collectors.toMap(EntityFold::kind, Function.identity()));
    }

    /** Events from {@code fromVersion} on, at most {@code limit}. */
    public List<DomainEventMessage<?>> events(String kind, String id, long fromVersion, int limit) {
        EntityFold<?> fold = fold(kind);
        List<DomainEventMessage<?>> events = new ArrayList<>();
        DomainEventStream stream = eventStore.readEvents(id, fromVersion);
        while (stream.hasNext() && events.size() < limit) {
            DomainEventMessage<?> event = stream.next();
            requireKind(fold, id, event);
            events.add(event);
        }
        if (events.isEmpty() && !exists(fold, id)) {
            throw notFound(kind, id);
        }
        return events;
    }

    /** The entity as it was after its event with sequence number {@code version}. */
    public Object stateAtVersion(String kind, String id, long version) {
        return foldUntil(fold(kind), kind, id, event -> event.getSequenceNumber() <= version,
                checkpoint -> checkpoint.version() <= version, version);
    }

    /** The entity as it was after every event whose timestamp is at or before {@code asOf}. */
    public Object stateAsOf(String kind, String id, Instant asOf) {
        return foldUntil(fold(kind), kind, id, event -> !event.getTimestamp().isAfter(asOf),
                checkpoint -> !checkpoint.lastEventAt().isAfter(asOf), null);
    }

    @SuppressWarnings("unchecked")
    private <S> Object foldUntil(EntityFold<S> fold, String kind, String id,
                                 Predicate<DomainEventMessage<?>> included,
                                 Predicate<FoldCheckpoints.Checkpoint> checkpointIncluded, Long requiredVersion) {
        FoldCheckpoints.Checkpoint start = checkpoints.latest(kind, id, checkpointIncluded);
        S state = start == null ? null : (S) start.state();
        long lastVersion = start == null ? -1 : start.version();
        DomainEventStream stream = eventStore.readEvents(id, lastVersion + 1);
        while (stream.hasNext()) {
            DomainEventMessage<?> event = stream.next();
            requireKind(fold, id, event);
            if (!included.test(event)) {
                break;
            }
            state = state == null ? fold.start(event) : fold.apply(state, event);
            lastVersion = event.getSequenceNumber();
            if (checkpoints.isDue(lastVersion)) {
                checkpoints.remember(kind, id, new FoldCheckpoints.Checkpoint(state, lastVersion, event.getTimestamp()));
            }
        }
        if (state == null || (requiredVersion != null && lastVersion < requiredVersion)) {
            throw notFound(kind, id);
        }
        return fold.view(state);
    }

    private boolean exists(EntityFold<?> fold, String id) {
        DomainEventStream stream = eventStore.readEvents(id, 0);
        if (!stream.hasNext()) {
            return false;
        }
        requireKind(fold, id, stream.next());
        return true;
    }

    private EntityFold<?> fold(String kind) {
        EntityFold<?> fold = foldsByKind.get(kind);
        if (fold == null) {
            throw new EntityNotFoundException("no such collection: " + kind);
        }
        return fold;
    }

    private static void requireKind(EntityFold<?> fold, String id, DomainEventMessage<?> event) {
        if (!fold.aggregateType().equals(event.getType())) {
            throw notFound(fold.kind(), id);
        }
    }

    private static EntityNotFoundException notFound(String kind, String id) {
        return new EntityNotFoundException("no " + kind + " entity " + id);
    }
}
