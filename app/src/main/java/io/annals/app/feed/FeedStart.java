package io.annals.app.feed;

import io.annals.kernel.error.RuleViolationException;

import java.util.OptionalLong;

/** Where a stream starts: after a global position, or (empty) at the head, with only new events. */
final class FeedStart {

    static final String LAST_EVENT_ID = "Last-Event-ID";

    private FeedStart() {
    }

    /**
     * The position to start after: {@code Last-Event-ID} when sent (a reconnecting EventSource sends it, and it knows
     * better than the {@code from} of the URL it first opened), else {@code from}, else none (the head).
     */
    static OptionalLong after(String from, String lastEventId) {
        if (lastEventId != null) {
            return OptionalLong.of(position(LAST_EVENT_ID, lastEventId));
        }
        return from == null ? OptionalLong.empty() : OptionalLong.of(position("from", from));
    }

    private static long position(String field, String value) {
        if (!value.matches("[0-9]{1,19}")) {
            throw new RuleViolationException(field, "must be a global position: a whole number, 0 or more");
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException tooLarge) {
            throw new RuleViolationException(field, "must be a global position: a whole number, 0 or more");
        }
    }
}
