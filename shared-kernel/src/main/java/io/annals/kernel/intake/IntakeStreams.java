package io.annals.kernel.intake;

/**
 * Where intake events live in the event store: each source is a stream of its own whose identifiers cannot collide
 * with any aggregate's (a SKU or a UUID never contains a colon), and an accepted event's identifier is derived from
 * its source and {@code event_id}, so the event store's unique index on event identifiers refuses a duplicate.
 */
public final class IntakeStreams {

    /** The aggregate type of a source's stream in the event store. */
    public static final String STREAM_TYPE = "IntakeSource";

    private static final String PREFIX = "intake:";

    private IntakeStreams() {
    }

    /** The stream ({@code aggregate_identifier}) of a source. */
    public static String aggregateId(String sourceId) {
        return PREFIX + sourceId;
    }

    /** The event identifier of a source's event; unambiguous because a source id contains no colon. */
    public static String eventIdentifier(String sourceId, String eventId) {
        return PREFIX + sourceId + ":" + eventId;
    }
}
