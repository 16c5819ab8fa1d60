package io.annals.app.feed;

import io.annals.kernel.intake.IntakeEventAccepted;
import io.annals.kernel.intake.IntakePriority;
import io.annals.kernel.intake.IntakeStreams;
import io.annals.kernel.intake.MetadataShape;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;

import java.math.BigDecimal;
import java.time.Instant;

/** Appends accepted intake events straight to the event store, as the intake pipeline stores them. */
final class IntakeEvents {

    private final EventStore eventStore;

    IntakeEvents(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /** An accepted event of {@code source} at {@code sequence} (1, 2, 3 …) whose submitted JSON is {@code payload}. */
    static IntakeEventAccepted accepted(String source, long sequence, IntakePriority priority, String payload) {
        return new IntakeEventAccepted(source, sequence, "evt-" + sequence, new BigDecimal("1764950400.125"),
                priority, 0.5, MetadataShape.NONE, Instant.now(), payload);
    }

    void append(IntakeEventAccepted event) {
        eventStore.publish(new GenericDomainEventMessage<>(IntakeStreams.STREAM_TYPE,
                IntakeStreams.aggregateId(event.sourceId()), event.sourceSequence() - 1, event, MetaData.emptyInstance(),
                IntakeStreams.eventIdentifier(event.sourceId(), event.eventId()), Instant.now()));
    }
}
