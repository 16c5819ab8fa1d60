package io.annals.app.test;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Looks straight into the event store's table, for "nothing was written" where no id exists to ask the API about
 * (a rejected create) — unlike a read model, the table is never behind.
 */
public final class StoredEvents {

    private final JdbcTemplate jdbc;

    public StoredEvents(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** How many stored events of {@code payloadType} (simple class name) have {@code text} in their JSON payload. */
    public long count(String payloadType, String text) {
        Long count = jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry
                WHERE payload_type LIKE ? AND position(? IN convert_from(payload, 'UTF8')) > 0""",
                Long.class, "%." + payloadType, text);
        return count == null ? 0 : count;
    }
}
