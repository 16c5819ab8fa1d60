package io.annals.app.feed;

import io.annals.command.intake.SourceStreams;
import io.annals.kernel.intake.IntakeEventAccepted;
import io.annals.kernel.intake.IntakePriority;
import io.annals.kernel.intake.IntakeStreams;
import io.annals.kernel.intake.MetadataShape;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Appends accepted intake events through the intake pipeline's own append (in the caller's transaction, if any), so
 * they are stored exactly as intake stores them, at the position their payload names.
 */
final class IntakeEvents {

    private final SourceStreams streams;

    IntakeEvents(SourceStreams streams) {
        this.streams = streams;
    }

    /**
     * An accepted event of {@code source} at {@code sequence} (1, 2, 3 …) whose submitted JSON is {@code payload}; its
     * global position is taken when it is {@link #append appended}.
     */
    static IntakeEventAccepted accepted(String source, long sequence, IntakePriority priority, String payload) {
        return new IntakeEventAccepted(source, sequence, 0, "evt-" + sequence, new BigDecimal("1764950400.125"),
                priority, 0.5, MetadataShape.NONE, Instant.now(), payload);
    }

    /** Stores the event at the next global position; answers it as stored. */
    IntakeEventAccepted append(IntakeEventAccepted event) {
        long[] position = streams.reservePositions(1);
        IntakeEventAccepted stored = new IntakeEventAccepted(event.sourceId(), event.sourceSequence(), position[0],
                event.eventId(), event.timestamp(), event.priority(), event.loadIndicator(), event.metadata(),
                event.receivedAt(), event.payload());
        streams.append(List.of(new GenericDomainEventMessage<>(IntakeStreams.STREAM_TYPE,
                IntakeStreams.aggregateId(stored.sourceId()), stored.sourceSequence() - 1, stored,
                MetaData.emptyInstance(), IntakeStreams.eventIdentifier(stored.sourceId(), stored.eventId()),
                Instant.now())), position);
        return stored;
    }
}
