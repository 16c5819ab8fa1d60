package io.annals.query.intake;

import io.annals.kernel.intake.IntakeCategory;
import io.annals.kernel.paging.Paging;
import io.annals.query.web.PageResponse;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The intake read models' queries, plain SQL on the tables the intake processor writes. */
@Component
class IntakeReads {

    private static final String COLUMNS = """
            event_id, source_id, source_sequence, global_sequence, priority, category, category_confidence,
            risk_score, is_anomaly, processing_signature, intake_latency_ms, received_at, payload""";
    private static final RowMapper<IntakeEventItem> ITEM = (row, n) -> new IntakeEventItem(
            row.getString("event_id"), row.getString("source_id"), row.getLong("source_sequence"),
            row.getLong("global_sequence"), row.getString("priority"), row.getString("category"),
            row.getDouble("category_confidence"), row.getDouble("risk_score"), row.getBoolean("is_anomaly"),
            row.getString("processing_signature"), row.getLong("intake_latency_ms"),
            row.getTimestamp("received_at").toInstant(), row.getString("payload"));

    /** The listing's filters; a {@code null} filter is not applied. */
    record Filter(String source, IntakeCategory category, Double minRisk) {
    }

    private final JdbcTemplate jdbc;

    IntakeReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    PageResponse<IntakeEventItem> events(Filter filter, int page, int size, boolean ascending) {
        StringBuilder where = new StringBuilder(" WHERE true");
        List<Object> parameters = new ArrayList<>();
        if (filter.source() != null) {
            where.append(" AND source_id = ?");
            parameters.add(filter.source());
        }
        if (filter.category() != null) {
            where.append(" AND category = ?");
            parameters.add(filter.category().name());
        }
        if (filter.minRisk() != null) {
            where.append(" AND risk_score >= ?");
            parameters.add(filter.minRisk());
        }
        Long total = jdbc.queryForObject("SELECT count(*) FROM intake_event_view" + where, Long.class,
                parameters.toArray());
        List<Object> pageParameters = new ArrayList<>(parameters);
        pageParameters.add(size);
        pageParameters.add((long) page * size);
        List<IntakeEventItem> items = jdbc.query("SELECT " + COLUMNS + " FROM intake_event_view" + where
                        + " ORDER BY global_sequence " + (ascending ? "ASC" : "DESC") + " LIMIT ? OFFSET ?",
                ITEM, pageParameters.toArray());
        long totalItems = total == null ? 0 : total;
        return new PageResponse<>(items, page, size, totalItems, Paging.totalPages(totalItems, size));
    }

    Optional<IntakeSourceView> source(String sourceId) {
        return jdbc.query("""
                SELECT source_id, accepted, duplicates, last_sequence, system_events, user_events, transaction_events,
                       monitoring_events, alert_events
                  FROM intake_source_view WHERE source_id = ?""", (row, n) -> {
            Map<String, Long> byCategory = new LinkedHashMap<>();
            for (IntakeCategory category : IntakeCategory.values()) {
                byCategory.put(category.name(), row.getLong(5 + category.ordinal()));
            }
            return new IntakeSourceView(row.getString("source_id"), row.getLong("accepted"),
                    row.getLong("duplicates"), row.getLong("last_sequence"), byCategory);
        }, sourceId).stream().findFirst();
    }
}
