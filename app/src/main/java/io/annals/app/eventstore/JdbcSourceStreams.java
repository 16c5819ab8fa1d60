package io.annals.app.eventstore;

import io.annals.command.intake.SourceStreams;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.PreparedStatement;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * Intake's questions to the event table, each one statement for any number of sources, in the caller's transaction.
 * The stream lock is a PostgreSQL transaction-level advisory lock per stream (two streams may share one, which only
 * makes them wait for each other), so it holds across nodes and ends with the transaction, whatever happens.
 */
@Component
@InstanceRole(Role.INTAKE)
class JdbcSourceStreams implements SourceStreams {

    /** The advisory locks' first key: the intake streams' own key space. */
    private static final int STREAM_LOCKS = 0x14_7A_4E;

    /** In the array's order, which is ascending: see {@link SourceStreams#lockAndReadHeads}. */
    private static final String LOCK = "SELECT pg_advisory_xact_lock(?, k) FROM unnest(?::int[]) AS k";
    /** One backward step on the (aggregate_identifier, sequence_number) index per stream. */
    private static final String HEADS = """
            SELECT s.id, (SELECT max(e.sequence_number) FROM domain_event_entry e WHERE e.aggregate_identifier = s.id)
              FROM unnest(?::varchar[]) AS s(id)""";
    private static final String STORED =
            "SELECT event_identifier FROM domain_event_entry WHERE event_identifier = ANY(?::varchar[])";

    private final JdbcTemplate jdbc;

    JdbcSourceStreams(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, Long> lockAndReadHeads(SortedSet<String> aggregateIds) {
        Integer[] keys = aggregateIds.stream().map(String::hashCode).distinct().sorted().toArray(Integer[]::new);
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(LOCK);
            statement.setInt(1, STREAM_LOCKS);
            statement.setArray(2, connection.createArrayOf("int4", keys));
            return statement;
        }, row -> {
        });
        Map<String, Long> heads = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(HEADS);
            statement.setArray(1, connection.createArrayOf("varchar", aggregateIds.toArray()));
            return statement;
        }, row -> {
            long head = row.getLong(2);
            if (!row.wasNull()) {
                heads.put(row.getString(1), head);
            }
        });
        return heads;
    }

    @Override
    public Set<String> storedEventIdentifiers(Collection<String> eventIdentifiers) {
        Set<String> stored = new HashSet<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(STORED);
            statement.setArray(1, connection.createArrayOf("varchar", eventIdentifiers.toArray()));
            return statement;
        }, row -> {
            stored.add(row.getString(1));
        });
        return stored;
    }
}
