package io.annals.app.fanout;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * The global positions of a batch's events, read from the event store by their ids: one indexed query per batch.
 *
 * <p>Why not the events' tracking tokens: an event committed after a later position was read (a gap in the global
 * index, filled by a slower append) carries a token whose position is the highest seen so far, not its own, so two
 * events could share a position. Consumers dedupe by position, so each must have its own.
 */
final class EventPositions {

    private final JdbcTemplate jdbc;

    EventPositions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws IllegalStateException when an id is not in the store */
    Map<String, Long> of(Collection<String> eventIds) {
        Map<String, Long> positions = new HashMap<>(eventIds.size() * 2);
        jdbc.query("SELECT event_identifier, global_index FROM domain_event_entry WHERE event_identifier = ANY (?)",
                row -> {
                    positions.put(row.getString(1), row.getLong(2));
                }, (Object) eventIds.toArray(String[]::new));
        if (positions.size() != eventIds.size()) {
            throw new IllegalStateException("events of the batch without a stored position: "
                    + eventIds.stream().filter(id -> !positions.containsKey(id)).toList());
        }
        return positions;
    }
}
