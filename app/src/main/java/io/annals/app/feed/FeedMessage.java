package io.annals.app.feed;

/**
 * One Server-Sent Event as the writer sends it: already serialized by the client's reader, so the writer only writes.
 *
 * @param id   the SSE {@code id:} (a global position); {@code null} for a message that must not move the client's
 *             last event id (the overflow notice)
 * @param name the SSE {@code event:}
 * @param data the SSE {@code data:}, compact JSON on one line
 */
record FeedMessage(Long id, String name, String data) {

    static final String OVERFLOW = "overflow";

    /** The last message of a client too slow to read: it may resume after {@code lastId}. */
    static FeedMessage overflow(long lastId) {
        return new FeedMessage(null, OVERFLOW, "{\"lastEventId\":" + lastId + "}");
    }
}
