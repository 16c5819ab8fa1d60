package io.annals.query.order;

import io.annals.query.order.OrderChanges.Change;
import io.annals.query.order.OrderChanges.Fold;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * Writes a batch of order events to {@code order_view} set-based: one SELECT of the touched rows' versions, one INSERT
 * of the orders placed in the batch and one UPDATE of all other changed rows, whatever the number of orders and
 * events. An order's events are folded in memory first; the timeline is appended in SQL ({@code jsonb ||}), so an
 * existing row's timeline is never read, parsed or written back whole.
 *
 * <p>Guarantees: an event at or below the row's version (or at or below an event applied from the same batch) is
 * skipped, so redelivery and replay give the same content; a placement only creates a row that is not there yet;
 * events of an order that has no row (and no placement earlier in the batch) are skipped; every applied event moves
 * the version and the update time. Each write is conditional on what was read (the row's absence, its version), so a
 * row changed meanwhile by anyone else fails the write, and the caller's transaction, instead of being overwritten.
 * Runs in the caller's transaction: the {@link JdbcTemplate} joins the Spring transaction of the event processor.
 */
@Component
class OrderViewWriter {

    private static final String SELECT_VERSIONS = "SELECT order_id, version FROM order_view WHERE order_id = ANY(?)";
    /** All of a batch's new rows in one statement, from one array per column. */
    private static final String INSERT = """
            INSERT INTO order_view (order_id, customer_id, status, lines, total_amount, total_currency, payment_id,
                                    tracking_number, cancellation_reason, timeline, version, placed_at, updated_at)
            SELECT n.order_id, n.customer_id, n.status, n.lines::jsonb, n.total_amount::numeric, n.total_currency,
                   n.payment_id, n.tracking_number, n.cancellation_reason, n.timeline::jsonb, n.version,
                   n.placed_at::timestamptz, n.updated_at::timestamptz
              FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::varchar[], ?::varchar[],
                          ?::varchar[], ?::varchar[], ?::varchar[], ?::text[], ?::bigint[], ?::varchar[], ?::varchar[])
                   AS n(order_id, customer_id, status, lines, total_amount, total_currency, payment_id,
                        tracking_number, cancellation_reason, timeline, version, placed_at, updated_at)
            ON CONFLICT (order_id) DO NOTHING
            RETURNING order_id""";
    /**
     * All of a batch's row changes in one statement (as {@code product_view}'s: one UPDATE over arrays cost PostgreSQL
     * far less per row than a JDBC batch of single-row UPDATEs). A row joins only at the version that was read. A
     * {@code null} leaves its column as it is: status and timeline when only workflow events were applied; payment id,
     * tracking number and cancellation reason unless their event was, which the order aggregate applies at most once
     * per order (each moves the order out of the only status it is applied in), so before it the column is null and
     * "leave it" and "set it" can never differ.
     */
    private static final String UPDATE = """
            UPDATE order_view AS o
               SET status = COALESCE(c.status, o.status),
                   payment_id = COALESCE(c.payment_id, o.payment_id),
                   tracking_number = COALESCE(c.tracking_number, o.tracking_number),
                   cancellation_reason = COALESCE(c.cancellation_reason, o.cancellation_reason),
                   timeline = CASE WHEN c.entries IS NULL THEN o.timeline ELSE o.timeline || c.entries::jsonb END,
                   version = c.version, updated_at = c.updated_at::timestamptz
              FROM unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::text[],
                          ?::bigint[], ?::varchar[], ?::bigint[])
                   AS c(order_id, status, payment_id, tracking_number, cancellation_reason, entries, version,
                        updated_at, read_version)
             WHERE o.order_id = c.order_id AND o.version = c.read_version
            RETURNING o.order_id""";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    OrderViewWriter(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Applies each order's changes, given in the order the events were published.
     *
     * @return the ids of the orders whose rows changed
     */
    List<String> write(SortedMap<String, List<Change>> changesByOrder) {
        if (changesByOrder.isEmpty()) {
            return List.of();
        }
        Map<String, Long> versions = readVersions(changesByOrder.keySet().toArray(String[]::new));
        NewRows inserts = new NewRows();
        RowUpdates updates = new RowUpdates();
        List<String> changed = new ArrayList<>();
        changesByOrder.forEach((orderId, changes) -> {
            Fold fold = new Fold(versions.get(orderId));
            changes.forEach(fold::apply);
            if (fold.placement != null) {
                inserts.add(orderId, fold, timeline(fold.entries));
                changed.add(orderId);
            } else if (fold.changed()) {
                updates.add(orderId, fold, fold.entries.isEmpty() ? null : timeline(fold.entries));
                changed.add(orderId);
            }
        });
        if (!inserts.orderIds.isEmpty()) {
            checkAllWritten("created", inserts.orderIds, execute(INSERT, inserts.columns()));
        }
        if (!updates.orderIds.isEmpty()) {
            checkAllWritten("changed", updates.orderIds, execute(UPDATE, updates.columns()));
        }
        return changed;
    }

    /** The timeline entries of status changes, as the API shows them: {@code [{"status", "at"}]}. */
    private String timeline(List<Change> statusChanges) {
        ArrayNode timeline = json.createArrayNode();
        for (Change change : statusChanges) {
            timeline.addObject().put("status", change.status().name()).put("at", change.at().toString());
        }
        return json.writeValueAsString(timeline);
    }

    /** The columns of the rows to create, one array per statement parameter. */
    private final class NewRows {
        final List<String> orderIds = new ArrayList<>();
        final List<String> customerIds = new ArrayList<>();
        final List<String> statuses = new ArrayList<>();
        final List<String> lines = new ArrayList<>();
        final List<String> totalAmounts = new ArrayList<>();
        final List<String> totalCurrencies = new ArrayList<>();
        final List<String> paymentIds = new ArrayList<>();
        final List<String> trackingNumbers = new ArrayList<>();
        final List<String> cancellationReasons = new ArrayList<>();
        final List<String> timelines = new ArrayList<>();
        final List<Long> versions = new ArrayList<>();
        final List<String> placedAts = new ArrayList<>();
        final List<String> updatedAts = new ArrayList<>();

        void add(String orderId, Fold row, String timeline) {
            orderIds.add(orderId);
            customerIds.add(row.placement.customerId());
            statuses.add(row.status.name());
            lines.add(json.writeValueAsString(row.placement.lines()));
            totalAmounts.add(row.placement.total().amount().toPlainString());
            totalCurrencies.add(row.placement.total().currency());
            paymentIds.add(row.facts.paymentId());
            trackingNumbers.add(row.facts.trackingNumber());
            cancellationReasons.add(row.facts.cancellationReason());
            timelines.add(timeline);
            versions.add(row.version);
            placedAts.add(row.placedAt.toString());
            updatedAts.add(row.updatedAt.toString());
        }

        Object[][] columns() {
            return new Object[][]{texts(orderIds), texts(customerIds), texts(statuses), texts(lines),
                    texts(totalAmounts), texts(totalCurrencies), texts(paymentIds), texts(trackingNumbers),
                    texts(cancellationReasons), texts(timelines), numbers(versions), texts(placedAts),
                    texts(updatedAts)};
        }
    }

    /** The columns of the rows to update, one array per statement parameter. */
    private static final class RowUpdates {
        final List<String> orderIds = new ArrayList<>();
        final List<String> statuses = new ArrayList<>();
        final List<String> paymentIds = new ArrayList<>();
        final List<String> trackingNumbers = new ArrayList<>();
        final List<String> cancellationReasons = new ArrayList<>();
        final List<String> entries = new ArrayList<>();
        final List<Long> versions = new ArrayList<>();
        final List<String> updatedAts = new ArrayList<>();
        final List<Long> readVersions = new ArrayList<>();

        void add(String orderId, Fold row, String newEntries) {
            orderIds.add(orderId);
            statuses.add(row.status == null ? null : row.status.name());
            paymentIds.add(row.facts.paymentId());
            trackingNumbers.add(row.facts.trackingNumber());
            cancellationReasons.add(row.facts.cancellationReason());
            entries.add(newEntries);
            versions.add(row.version);
            updatedAts.add(row.updatedAt.toString());
            readVersions.add(row.readVersion);
        }

        Object[][] columns() {
            return new Object[][]{texts(orderIds), texts(statuses), texts(paymentIds), texts(trackingNumbers),
                    texts(cancellationReasons), texts(entries), numbers(versions), texts(updatedAts),
                    numbers(readVersions)};
        }
    }

    /** Runs {@code sql} with one array per parameter; answers the ids returned. */
    private Set<String> execute(String sql, Object[][] columns) {
        Set<String> written = new HashSet<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql);
            for (int i = 0; i < columns.length; i++) {
                String type = columns[i] instanceof Long[] ? "bigint" : "varchar";
                statement.setArray(i + 1, connection.createArrayOf(type, columns[i]));
            }
            return statement;
        }, row -> {
            written.add(row.getString(1));
        });
        return written;
    }

    private static String[] texts(List<String> column) {
        return column.toArray(String[]::new);
    }

    private static Long[] numbers(List<Long> column) {
        return column.toArray(Long[]::new);
    }

    private static void checkAllWritten(String what, List<String> orderIds, Set<String> written) {
        for (String orderId : orderIds) {
            if (!written.contains(orderId)) {
                // only this processor's segment writes this row; a concurrent change means the batch must be
                // retried from the row's new state rather than overwrite it or lose its events
                throw new IllegalStateException("order_view row " + orderId + " was " + what
                        + " concurrently; the batch is rolled back and retried");
            }
        }
    }

    private Map<String, Long> readVersions(String[] orderIds) {
        Map<String, Long> versions = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(SELECT_VERSIONS);
            statement.setArray(1, connection.createArrayOf("varchar", orderIds));
            return statement;
        }, row -> {
            versions.put(row.getString(1), row.getLong(2));
        });
        return versions;
    }
}
