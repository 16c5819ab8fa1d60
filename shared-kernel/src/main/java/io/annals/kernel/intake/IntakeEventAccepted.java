package io.annals.kernel.intake;

import org.axonframework.serialization.Revision;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An external event was accepted into its source's stream (stage 1 and 2 of seed 002: validated and ordered).
 * Stored in the stream {@link IntakeStreams#aggregateId(String) of its source} at sequence
 * {@code sourceSequence - 1}, so the event store's unique index keeps each source's sequence gapless.
 *
 * @param sourceId       the source that sent it
 * @param sourceSequence its place in the source's stream: 1, 2, 3 … without gaps
 * @param globalSequence its place in the event store ({@code global_index}), taken for it before it was stored: a
 *                       processor's tracking token does not tell an event's own position when it was committed after
 *                       a later one (a filled gap)
 * @param eventId        the source's id of the event, unique per source
 * @param timestamp      when the source says it happened, epoch seconds as sent
 * @param priority       as sent, {@link IntakePriority#MEDIUM} when absent
 * @param loadIndicator  as sent (0..1), {@code null} when absent
 * @param metadata       the shape of the event's metadata
 * @param receivedAt     when Annals received the request that carried it
 * @param payload        the event exactly as submitted, as compact JSON
 */
@Revision("1")
public record IntakeEventAccepted(String sourceId, long sourceSequence, long globalSequence, String eventId,
                                  BigDecimal timestamp, IntakePriority priority, Double loadIndicator,
                                  MetadataShape metadata, Instant receivedAt, String payload) {
}
