package io.annals.app.fanout;

/**
 * One event as a target publishes it.
 *
 * @param position      the event's global position: consumers dedupe and resume by it
 * @param eventId       the event's own id, unique across the store
 * @param type          the event type, as the live feed names it
 * @param aggregateType the aggregate's type; {@code null} for an event without an aggregate
 * @param aggregateId   the aggregate's id: the Kafka key, so one aggregate's events stay on one partition in order;
 *                      {@code null} for an event without an aggregate
 * @param json          the live feed's JSON of the event
 */
record FanoutEvent(long position, String eventId, String type, String aggregateType, String aggregateId,
                   String json) {
}
