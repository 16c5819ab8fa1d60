package io.annals.choreography.batch;

import io.annals.choreography.batch.BatcherProperties.TypeSettings;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The batcher's SQL on the {@code batch_item} and {@code batch_type_stats} tables (migration V7). Every state change
 * is one statement or one short transaction of its own; nothing here holds a lock while a processor runs.
 *
 * <p>Times are the database's ({@code now()}, {@code clock_timestamp()}), so nodes with skewed clocks agree on what
 * is due and what expired.
 */
class BatchQueue {

    static final int TYPE_MAX_LENGTH = 200;
    /** {@code last_error} keeps the start of the message; a stack trace belongs in the log. */
    private static final int ERROR_MAX_LENGTH = 2000;
    /** Tag groups examined per pass; more wait for the next pass. */
    private static final int GROUPS_PER_PASS = 100;
    /** Backoff doubles per attempt up to retry-max-backoff; capping the exponent keeps the arithmetic finite. */
    private static final int MAX_BACKOFF_EXPONENT = 30;

    private static final String INSERT = """
            INSERT INTO batch_item (type, payload, priority, tags, state, enqueued_at, next_attempt_at, trace_parent)
            VALUES (?, ?, ?, ?::text[], 'PENDING', clock_timestamp(), clock_timestamp(), ?)
            RETURNING id""";

    /** The tag groups of a type that hold a due batch, most urgent first. */
    private static final String DUE_GROUPS = """
            SELECT tags FROM batch_item
            WHERE type = ? AND state = 'PENDING' AND next_attempt_at <= now()
            GROUP BY tags
            HAVING count(*) >= ? OR min(enqueued_at) <= now() - ? * INTERVAL '1 millisecond'
            ORDER BY max(priority) DESC, min(enqueued_at)
            LIMIT ?""";

    /**
     * Claims one batch of a tag group in one statement: locks the first max-batch-size ready items no other node
     * holds (SKIP LOCKED: concurrent claimers take disjoint items instead of waiting), and claims them only if they
     * still make a due batch, which another node's claim in the meantime may have changed.
     */
    private static final String CLAIM = """
            WITH candidate AS (
                SELECT id, enqueued_at FROM batch_item
                WHERE type = ? AND tags = ?::text[] AND state = 'PENDING' AND next_attempt_at <= now()
                ORDER BY priority DESC, enqueued_at, id
                LIMIT ?
                FOR UPDATE SKIP LOCKED
            ), due AS (
                SELECT id FROM candidate
                WHERE (SELECT count(*) FROM candidate) >= ?
                   OR (SELECT min(enqueued_at) FROM candidate) <= now() - ? * INTERVAL '1 millisecond'
            )
            UPDATE batch_item item SET state = 'CLAIMED', batch_id = ?, claimed_by = ?, claimed_at = now()
            FROM due WHERE item.id = due.id
            RETURNING item.id, item.payload, item.priority, item.enqueued_at, item.attempts, item.trace_parent""";

    private static final String DELETE_DELIVERED = """
            DELETE FROM batch_item WHERE batch_id = ? AND claimed_by = ? AND state = 'CLAIMED'""";

    private static final String COUNT_DELIVERED = """
            INSERT INTO batch_type_stats AS stats (type, batches, events) VALUES (?, 1, ?)
            ON CONFLICT (type) DO UPDATE SET batches = stats.batches + 1, events = stats.events + excluded.events""";

    /** Back to the queue with exponential backoff, or parked on the last attempt; the SET sees the old row. */
    private static final String RELEASE_FAILED = """
            UPDATE batch_item SET
                attempts = attempts + 1,
                last_error = ?,
                state = CASE WHEN attempts + 1 >= ? THEN 'PARKED' ELSE 'PENDING' END,
                next_attempt_at = now() + LEAST(? * power(2, LEAST(attempts, ?)), ?) * INTERVAL '1 millisecond',
                batch_id = NULL, claimed_by = NULL, claimed_at = NULL
            WHERE batch_id = ? AND claimed_by = ? AND state = 'CLAIMED'
            RETURNING state""";

    private static final String COUNT_FAILURE = """
            INSERT INTO batch_type_stats AS stats (type, failures) VALUES (?, 1)
            ON CONFLICT (type) DO UPDATE SET failures = stats.failures + 1""";

    private static final String REFRESH_CLAIMS = """
            UPDATE batch_item SET claimed_at = now()
            WHERE claimed_by = ? AND state = 'CLAIMED' AND batch_id = ANY (?::varchar[])""";

    /** A dead node's batch counts as a failed attempt: an item that crashes its node must not do so forever. */
    private static final String RETURN_EXPIRED = """
            UPDATE batch_item SET
                attempts = attempts + 1,
                last_error = 'claim of ' || claimed_by || ' on batch ' || batch_id || ' expired',
                state = CASE WHEN attempts + 1 >= ? THEN 'PARKED' ELSE 'PENDING' END,
                next_attempt_at = now(),
                batch_id = NULL, claimed_by = NULL, claimed_at = NULL
            WHERE type = ? AND state = 'CLAIMED' AND claimed_at < now() - ? * INTERVAL '1 millisecond'""";

    private static final String COUNT_WAITING = """
            SELECT count(*) FROM batch_item WHERE type = ? AND state IN ('PENDING', 'CLAIMED')""";

    private static final String COUNT_BY_TYPE = """
            SELECT type, count(*) FILTER (WHERE state <> 'PARKED') AS waiting,
                   count(*) FILTER (WHERE state = 'PARKED') AS parked
            FROM batch_item GROUP BY type""";

    private static final String STATS = "SELECT type, batches, events, failures FROM batch_type_stats";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;

    BatchQueue(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactionManager);
        ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Inserts one item in the current transaction, if any. */
    long insert(String type, String payload, int priority, String[] tagGroup, String traceParent) {
        Long id = jdbc.queryForObject(INSERT, Long.class, type, payload, priority, tagGroup, traceParent);
        return Objects.requireNonNull(id, "INSERT ... RETURNING id returned no id");
    }

    List<String[]> dueGroups(String type, TypeSettings settings) {
        return jdbc.query(DUE_GROUPS, (rs, row) -> tags(rs.getArray("tags")),
                type, settings.minBatchSize(), settings.maxWait().toMillis(), GROUPS_PER_PASS);
    }

    /** Claims a due batch of one tag group for {@code owner}; empty when the group holds none (any more). */
    Optional<Batch> claim(String type, String[] tagGroup, TypeSettings settings, String owner) {
        String batchId = UUID.randomUUID().toString();
        Set<String> tags = Set.of(tagGroup);
        List<BatchItem> items = jdbc.query(CLAIM, (rs, row) -> item(rs, tags),
                type, tagGroup, settings.maxBatchSize(), settings.minBatchSize(), settings.maxWait().toMillis(),
                batchId, owner);
        if (items.isEmpty()) {
            return Optional.empty();
        }
        // RETURNING gives no order; the batch promises highest priority first, then oldest
        List<BatchItem> ordered = items.stream().sorted(Comparator.comparingInt(BatchItem::priority).reversed()
                .thenComparing(BatchItem::enqueuedAt).thenComparingLong(BatchItem::id)).toList();
        return Optional.of(new Batch(batchId, type, tags, ordered));
    }

    /**
     * Deletes a delivered batch's items and counts it, in one transaction.
     *
     * @return the items deleted; fewer than the batch had when its claim was lost (it expired and another node took
     * the items, which it will deliver again)
     */
    int delivered(Batch batch, String owner) {
        Integer deleted = ownTransaction.execute(status -> {
            int count = jdbc.update(DELETE_DELIVERED, batch.batchId(), owner);
            jdbc.update(COUNT_DELIVERED, batch.type(), batch.items().size());
            return count;
        });
        return deleted == null ? 0 : deleted;
    }

    /**
     * Returns a failed batch's items to the queue with backoff, parking those on their last attempt, and counts the
     * failure, in one transaction.
     *
     * @return the items parked now
     */
    int failed(Batch batch, String owner, TypeSettings settings, Throwable cause) {
        String error = describe(cause);
        Integer parked = ownTransaction.execute(status -> {
            List<String> states = jdbc.queryForList(RELEASE_FAILED, String.class,
                    error, settings.maxAttempts(), settings.retryInitialBackoff().toMillis(), MAX_BACKOFF_EXPONENT,
                    settings.retryMaxBackoff().toMillis(), batch.batchId(), owner);
            jdbc.update(COUNT_FAILURE, batch.type());
            return (int) states.stream().filter("PARKED"::equals).count();
        });
        return parked == null ? 0 : parked;
    }

    /** Keeps this node's in-flight claims from expiring. */
    void refreshClaims(String owner, Collection<String> batchIds) {
        jdbc.update(REFRESH_CLAIMS, owner, batchIds.toArray(String[]::new));
    }

    /** Returns the type's claims that nobody refreshed within its claim timeout to the queue. */
    int returnExpiredClaims(String type, TypeSettings settings) {
        return jdbc.update(RETURN_EXPIRED, settings.maxAttempts(), type, settings.claimTimeout().toMillis());
    }

    /** Items of the type not yet delivered nor parked (waiting or in a batch being processed). */
    long countWaiting(String type) {
        Long count = jdbc.queryForObject(COUNT_WAITING, Long.class, type);
        return count == null ? 0 : count;
    }

    record Counts(long waiting, long parked) {
    }

    Map<String, Counts> countsByType() {
        Map<String, Counts> counts = new HashMap<>();
        jdbc.query(COUNT_BY_TYPE, rs -> {
            counts.put(rs.getString("type"), new Counts(rs.getLong("waiting"), rs.getLong("parked")));
        });
        return counts;
    }

    record TypeStats(long batches, long events, long failures) {
    }

    /** What was delivered and failed per type, over all nodes and restarts. */
    Map<String, TypeStats> statsByType() {
        Map<String, TypeStats> stats = new HashMap<>();
        jdbc.query(STATS, rs -> {
            stats.put(rs.getString("type"),
                    new TypeStats(rs.getLong("batches"), rs.getLong("events"), rs.getLong("failures")));
        });
        return stats;
    }

    private static BatchItem item(ResultSet rs, Set<String> tags) throws SQLException {
        Instant enqueuedAt = rs.getTimestamp("enqueued_at").toInstant();
        return new BatchItem(rs.getLong("id"), rs.getString("payload"), rs.getInt("priority"), tags, enqueuedAt,
                rs.getInt("attempts"), rs.getString("trace_parent"));
    }

    private static String[] tags(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        return Arrays.copyOf(values, values.length, String[].class);
    }

    private static String describe(Throwable cause) {
        String text = cause.getClass().getName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return text.length() <= ERROR_MAX_LENGTH ? text : text.substring(0, ERROR_MAX_LENGTH);
    }
}
