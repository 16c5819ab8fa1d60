package io.annals.command.intake;

import io.annals.command.lineage.Lineage;
import io.annals.kernel.intake.IntakeDuplicatesIgnored;
import io.annals.kernel.intake.IntakeEventAccepted;
import io.annals.kernel.intake.IntakeStreams;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.messaging.ResultMessage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Orders a request's valid events into their sources' streams (stage 2 of seed 002) and stores them, all in one
 * transaction: whatever the number of events and sources, a lock-and-read of the streams' heads, one lookup of
 * already stored event ids and one batched append. Each source's events get the next sequence numbers of its stream
 * in request order; an event whose id the source sent before, or that repeats an id earlier in the request, is a
 * duplicate and is not stored. The event store's unique indexes are the guarantee (a stream position or an event
 * identifier is never stored twice); the lock only keeps concurrent requests of one source from colliding on them.
 *
 * <p>Goes straight to the event store, not through the command bus: intake events belong to no aggregate whose state
 * would decide anything, and a batch of a thousand is one unit of work. Nor through Axon's event bus, whose
 * per-event work (monitors, one metadata serialization and one timestamp per row, a statement per row) cost more than
 * the rest of the request: {@link SourceStreams#append} stores the batch in Axon's format in one go.
 */
class IntakeAppender {

    /** How many of a request's events were stored, and how many were duplicates. */
    record Appended(int accepted, int duplicates) {
    }

    private final TransactionManager transactionManager;
    private final SourceStreams streams;

    IntakeAppender(TransactionManager transactionManager, SourceStreams streams) {
        this.transactionManager = transactionManager;
        this.streams = streams;
    }

    /** Stores the events (in request order) before it returns; they were received at {@code receivedAt}. */
    Appended append(List<IntakeEvent> events, Instant receivedAt) {
        if (events.isEmpty()) {
            return new Appended(0, 0);
        }
        SortedMap<String, Map<String, IntakeEvent>> bySource = new TreeMap<>();
        Map<String, Long> duplicates = new TreeMap<>();
        for (IntakeEvent event : events) {
            Map<String, IntakeEvent> ofSource = bySource.computeIfAbsent(event.sourceId(), s -> new LinkedHashMap<>());
            if (ofSource.putIfAbsent(event.eventId(), event) != null) {
                duplicates.merge(event.sourceId(), 1L, Long::sum);
            }
        }
        MetaData lineage = MetaData.with(Lineage.CORRELATION_ID, correlationId())
                .and(Lineage.CAUSATION_ID, UUID.randomUUID().toString());
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactionManager);
        ResultMessage<Appended> result = unitOfWork.executeWithResult(
                () -> store(bySource, duplicates, lineage, receivedAt));
        if (result.isExceptional()) {
            throw asRuntime(result.exceptionResult());
        }
        return result.getPayload();
    }

    private Appended store(SortedMap<String, Map<String, IntakeEvent>> bySource, Map<String, Long> duplicates,
                           MetaData lineage, Instant receivedAt) {
        SortedSet<String> aggregateIds = new TreeSet<>();
        List<String> identifiers = new ArrayList<>();
        bySource.forEach((source, ofSource) -> {
            aggregateIds.add(IntakeStreams.aggregateId(source));
            ofSource.keySet().forEach(eventId -> identifiers.add(IntakeStreams.eventIdentifier(source, eventId)));
        });
        Map<String, Long> heads = streams.lockAndReadHeads(aggregateIds);
        Set<String> stored = new HashSet<>(streams.storedEventIdentifiers(identifiers));
        List<IntakeEvent> toStore = new ArrayList<>(identifiers.size());
        bySource.forEach((source, ofSource) -> ofSource.values().forEach(event -> {
            if (stored.contains(IntakeStreams.eventIdentifier(source, event.eventId()))) {
                duplicates.merge(source, 1L, Long::sum);
            } else {
                toStore.add(event);
            }
        }));
        long duplicateCount = duplicates.values().stream().mapToLong(Long::longValue).sum();
        int rows = toStore.size() + (duplicateCount > 0 ? 1 : 0);
        if (rows == 0) {
            return new Appended(0, 0);
        }
        long[] positions = streams.reservePositions(rows);
        List<EventMessage<?>> messages = new ArrayList<>(rows);
        Map<String, Long> sequences = new HashMap<>();
        for (IntakeEvent event : toStore) {
            String aggregateId = IntakeStreams.aggregateId(event.sourceId());
            long sequence = sequences.merge(aggregateId, heads.getOrDefault(aggregateId, -1L) + 1,
                    (previous, ignored) -> previous + 1);
            IntakeEventAccepted accepted = new IntakeEventAccepted(event.sourceId(), sequence + 1,
                    positions[messages.size()], event.eventId(), event.timestamp(), event.priority(),
                    event.loadIndicator(), event.metadata(), receivedAt, event.payload());
            messages.add(new GenericDomainEventMessage<>(IntakeStreams.STREAM_TYPE, aggregateId, sequence, accepted,
                    lineage, IntakeStreams.eventIdentifier(event.sourceId(), event.eventId()), receivedAt));
        }
        if (duplicateCount > 0) {
            messages.add(new GenericEventMessage<>(new IntakeDuplicatesIgnored(duplicates), lineage));
        }
        streams.append(messages, positions);
        return new Appended(toStore.size(), (int) duplicateCount);
    }

    private static String correlationId() {
        String fromRequest = Lineage.requestCorrelationId();
        return fromRequest != null ? fromRequest : UUID.randomUUID().toString();
    }

    private static RuntimeException asRuntime(Throwable failure) {
        return failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
    }
}
