package io.annals.query.intake;

import io.annals.kernel.intake.IntakeCategory;
import io.annals.kernel.intake.IntakeEnrichment;
import io.annals.kernel.intake.IntakeEventAccepted;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * Writes a batch of the intake processor set-based: one INSERT of all the batch's event rows and one upsert of the
 * touched sources' counts, whatever the batch's size. Runs in the caller's transaction (the processor's, with its
 * token): a failure rolls the whole batch back, and it is processed again.
 *
 * <p>An event's {@code intake_latency_ms} is measured when the event is first enriched and cannot be measured again:
 * a rebuild, which writes a new generation of the tables beside the live ones ({@code search_path} first names the
 * new generation's schema), takes it from the live row in {@code public}; an event row that exists already is
 * rewritten except its latency. Sources' counts are added up: the rebuild's processor hands its tokens over to the
 * live one at the switch, so no event is counted twice.
 */
@Component
class IntakeViewWriter {

    private static final String INSERT_EVENTS = """
            INSERT INTO intake_event_view (global_sequence, source_id, source_sequence, event_id, priority, category,
                                           category_confidence, risk_score, is_anomaly, processing_signature,
                                           intake_latency_ms, received_at, payload)
            SELECT g, s, q, e, p, c, cc, r, a, sig,
                   coalesce((SELECT live.intake_latency_ms FROM public.intake_event_view AS live
                              WHERE live.global_sequence = g), l),
                   ra::timestamptz, pl
              FROM unnest(?::bigint[], ?::varchar[], ?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[],
                          ?::float8[], ?::float8[], ?::boolean[], ?::varchar[], ?::bigint[], ?::varchar[], ?::text[])
                   AS t(g, s, q, e, p, c, cc, r, a, sig, l, ra, pl)
            ON CONFLICT (global_sequence) DO UPDATE
               SET source_id = excluded.source_id, source_sequence = excluded.source_sequence,
                   event_id = excluded.event_id, priority = excluded.priority, category = excluded.category,
                   category_confidence = excluded.category_confidence, risk_score = excluded.risk_score,
                   is_anomaly = excluded.is_anomaly, processing_signature = excluded.processing_signature,
                   received_at = excluded.received_at, payload = excluded.payload""";
    /** Sources in ascending order, so two batches touching the same sources lock their rows in the same order. */
    private static final String UPSERT_SOURCES = """
            INSERT INTO intake_source_view AS v (source_id, accepted, duplicates, last_sequence, system_events,
                                                 user_events, transaction_events, monitoring_events, alert_events)
            SELECT * FROM unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],
                                 ?::bigint[], ?::bigint[], ?::bigint[])
             ORDER BY 1
            ON CONFLICT (source_id) DO UPDATE
               SET accepted = v.accepted + excluded.accepted, duplicates = v.duplicates + excluded.duplicates,
                   last_sequence = greatest(v.last_sequence, excluded.last_sequence),
                   system_events = v.system_events + excluded.system_events,
                   user_events = v.user_events + excluded.user_events,
                   transaction_events = v.transaction_events + excluded.transaction_events,
                   monitoring_events = v.monitoring_events + excluded.monitoring_events,
                   alert_events = v.alert_events + excluded.alert_events""";

    /** One column of {@link #INSERT_EVENTS}'s arrays: its SQL type and its value for an enriched event. */
    private record EventColumn(String sqlType, BiFunction<Enriched, Instant, Object> value) {
    }

    /** In the order of {@link #INSERT_EVENTS}'s parameters; the latency is measured against the batch's time. */
    private static final List<EventColumn> EVENT_COLUMNS = List.of(
            new EventColumn("bigint", (row, at) -> row.event().globalSequence()),
            new EventColumn("varchar", (row, at) -> row.event().sourceId()),
            new EventColumn("bigint", (row, at) -> row.event().sourceSequence()),
            new EventColumn("varchar", (row, at) -> row.event().eventId()),
            new EventColumn("varchar", (row, at) -> row.event().priority().name()),
            new EventColumn("varchar", (row, at) -> row.enrichment().category().name()),
            new EventColumn("float8", (row, at) -> row.enrichment().categoryConfidence()),
            new EventColumn("float8", (row, at) -> row.enrichment().riskScore()),
            new EventColumn("boolean", (row, at) -> row.enrichment().anomaly()),
            new EventColumn("varchar", (row, at) -> row.enrichment().processingSignature()),
            new EventColumn("bigint", (row, at) -> latencyMillis(row.event().receivedAt(), at)),
            new EventColumn("varchar", (row, at) -> row.event().receivedAt().toString()),
            new EventColumn("text", (row, at) -> row.event().payload()));

    /** An accepted event and what the rules derived from it. */
    record Enriched(IntakeEventAccepted event, IntakeEnrichment enrichment) {
    }

    /** What one batch of the processor brings: enriched events, and duplicates by source. */
    static final class Batch {
        private final List<Enriched> events = new ArrayList<>();
        private final SortedMap<String, SourceCounts> sources = new TreeMap<>();

        void add(Enriched enriched) {
            events.add(enriched);
            sources.computeIfAbsent(enriched.event().sourceId(), s -> new SourceCounts()).add(enriched);
        }

        void addDuplicates(Map<String, Long> bySource) {
            bySource.forEach((source, count) ->
                    sources.computeIfAbsent(source, s -> new SourceCounts()).duplicates += count);
        }
    }

    /** A source's counts within one batch. */
    private static final class SourceCounts {
        long accepted;
        long duplicates;
        long lastSequence;
        final long[] byCategory = new long[IntakeCategory.values().length];

        void add(Enriched enriched) {
            accepted++;
            lastSequence = Math.max(lastSequence, enriched.event().sourceSequence());
            byCategory[enriched.enrichment().category().ordinal()]++;
        }
    }

    private final JdbcTemplate jdbc;

    IntakeViewWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the batch; {@code enrichedAt} is when its events count as enriched. */
    void write(Batch batch, Instant enrichedAt) {
        if (!batch.events.isEmpty()) {
            jdbc.update(connection -> eventRows(connection, batch.events, enrichedAt));
        }
        if (!batch.sources.isEmpty()) {
            jdbc.update(connection -> sourceRows(connection, batch.sources));
        }
    }

    private static long latencyMillis(Instant receivedAt, Instant enrichedAt) {
        return Math.max(0, Duration.between(receivedAt, enrichedAt).toMillis());
    }

    private static PreparedStatement eventRows(Connection connection, List<Enriched> events, Instant enrichedAt)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(INSERT_EVENTS);
        for (int c = 0; c < EVENT_COLUMNS.size(); c++) {
            EventColumn column = EVENT_COLUMNS.get(c);
            Object[] values = new Object[events.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = column.value().apply(events.get(i), enrichedAt);
            }
            statement.setArray(c + 1, connection.createArrayOf(column.sqlType(), values));
        }
        return statement;
    }

    private static PreparedStatement sourceRows(Connection connection, SortedMap<String, SourceCounts> sources)
            throws SQLException {
        int n = sources.size();
        String[] ids = new String[n];
        Long[][] columns = new Long[8][n];
        int i = 0;
        for (Map.Entry<String, SourceCounts> entry : sources.entrySet()) {
            SourceCounts counts = entry.getValue();
            ids[i] = entry.getKey();
            columns[0][i] = counts.accepted;
            columns[1][i] = counts.duplicates;
            columns[2][i] = counts.lastSequence;
            for (IntakeCategory category : IntakeCategory.values()) {
                columns[3 + category.ordinal()][i] = counts.byCategory[category.ordinal()];
            }
            i++;
        }
        PreparedStatement statement = connection.prepareStatement(UPSERT_SOURCES);
        statement.setArray(1, connection.createArrayOf("varchar", ids));
        for (int column = 0; column < columns.length; column++) {
            statement.setArray(2 + column, connection.createArrayOf("bigint", columns[column]));
        }
        return statement;
    }
}
