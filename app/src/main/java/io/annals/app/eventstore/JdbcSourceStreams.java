package io.annals.app.eventstore;

import io.annals.command.intake.SourceStreams;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * Intake's questions to the event table, each one statement for any number of sources, in the caller's transaction,
 * and its append. The stream lock is a PostgreSQL transaction-level advisory lock per stream (two streams may share
 * one, which only makes them wait for each other), so it holds across nodes and ends with the transaction, whatever
 * happens.
 *
 * <p>The append writes rows exactly as Axon's {@code JdbcEventStorageEngine} does (same columns, the event serializer
 * for payload and metadata, Axon's timestamp format), but by hand, because Axon's append is built for a command's few
 * events: per row it serializes the metadata and formats the timestamp, and it sends a statement per row (a JDBC
 * batch). An intake request's thousand events share one metadata and one timestamp, so here each is serialized once,
 * and the rows go in multi-row INSERTs ({@value #ROWS_PER_INSERT} rows each). The processors are woken after the
 * commit as after any Axon append ({@link CommitSignallingEventSource#signal()}).
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

    /** From the sequence behind the BIGSERIAL global_index, as an insert without a value would take them. */
    private static final String RESERVE = "SELECT nextval(pg_get_serial_sequence('domain_event_entry', 'global_index'))"
            + " FROM generate_series(1, ?)";
    private static final String INSERT = "INSERT INTO domain_event_entry (global_index, event_identifier, "
            + "aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, payload, "
            + "meta_data) VALUES ";
    private static final String ROW = "(?,?,?,?,?,?,?,?,?,?)";
    /** 10 parameters a row: well below PostgreSQL's 32,767 parameters per statement. */
    static final int ROWS_PER_INSERT = 500;

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final CommitSignallingEventSource committedEvents;

    JdbcSourceStreams(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer,
                      CommitSignallingEventSource committedEvents) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.committedEvents = committedEvents;
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

    @Override
    public long[] reservePositions(int count) {
        long[] positions = jdbc.queryForList(RESERVE, Long.class, count).stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(positions);
        return positions;
    }

    @Override
    public void append(List<? extends EventMessage<?>> events, long[] positions) {
        if (positions.length != events.size()) {
            throw new IllegalArgumentException(events.size() + " events for " + positions.length + " positions");
        }
        Map<MetaData, byte[]> metaData = new IdentityHashMap<>();
        Map<Instant, String> timestamps = new HashMap<>();
        for (int from = 0; from < events.size(); from += ROWS_PER_INSERT) {
            int first = from;
            List<? extends EventMessage<?>> rows = events.subList(from, Math.min(events.size(), from + ROWS_PER_INSERT));
            jdbc.update(connection -> {
                PreparedStatement statement = connection.prepareStatement(INSERT + String.join(",",
                        Collections.nCopies(rows.size(), ROW)));
                int parameter = 1;
                int row = first;
                for (EventMessage<?> event : rows) {
                    statement.setLong(parameter++, positions[row++]);
                    SerializedObject<byte[]> payload = serializer.serialize(event.getPayload(), byte[].class);
                    boolean domain = event instanceof DomainEventMessage;
                    statement.setString(parameter++, event.getIdentifier());
                    // a message of no aggregate is stored as Axon stores it: under its own id, at sequence 0
                    statement.setString(parameter++, domain ? ((DomainEventMessage<?>) event).getAggregateIdentifier()
                            : event.getIdentifier());
                    statement.setLong(parameter++, domain ? ((DomainEventMessage<?>) event).getSequenceNumber() : 0);
                    statement.setString(parameter++, domain ? ((DomainEventMessage<?>) event).getType() : null);
                    statement.setString(parameter++, timestamps.computeIfAbsent(event.getTimestamp(),
                            DateTimeUtils::formatInstant));
                    statement.setString(parameter++, payload.getType().getName());
                    statement.setString(parameter++, payload.getType().getRevision());
                    statement.setBytes(parameter++, payload.getData());
                    statement.setBytes(parameter++, metaData.computeIfAbsent(event.getMetaData(),
                            m -> serializer.serialize(m, byte[].class).getData()));
                }
                return statement;
            });
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> committedEvents.signal());
        } else if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    committedEvents.signal();
                }
            });
        } else {
            committedEvents.signal();
        }
    }
}
