package io.annals.query.product;

import io.annals.kernel.product.StockMovement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * Writes a batch of product events to {@code product_view} set-based: one SELECT of the touched rows' versions, one
 * JDBC batch of INSERTs for new products and one UPDATE of all changed rows, whatever the number of events.
 *
 * <p>Guarantees: an event at or below the row's version (or below an event already applied from the same batch) is
 * skipped, so redelivery and replay give the same content; an event for a product that has no row (and no
 * registration earlier in the batch) is skipped; every applied event moves the version. Each row's update is conditional
 * on the version that was read, so a row changed meanwhile by anyone else fails the write (and the caller's
 * transaction) instead of being overwritten. Runs in the caller's transaction: the {@link JdbcTemplate} joins the
 * Spring transaction of the event processor.
 */
@Component
class ProductViewWriter {

    private static final String SELECT_VERSIONS = "SELECT sku, version FROM product_view WHERE sku = ANY(?)";
    private static final String INSERT = """
            INSERT INTO product_view (sku, name, price_amount, price_currency, available, reserved, version,
                                      created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (sku) DO NOTHING""";
    /**
     * All of a batch's row changes in one statement (a JDBC batch of single-row UPDATEs cost PostgreSQL more than
     * twice as much per row, measured with {@code pgbench}). A row joins only at the version that was read. Rows are
     * locked in the plan's order, not by sku: two workers never write the same product except briefly while a
     * segment changes hands, and a deadlock there fails one batch, which the processor retries.
     */
    private static final String UPDATE = """
            UPDATE product_view AS p
               SET available = p.available + c.available_delta, reserved = p.reserved + c.reserved_delta,
                   version = c.version, updated_at = c.updated_at::timestamptz
              FROM unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[], ?::varchar[], ?::bigint[])
                   AS c(sku, available_delta, reserved_delta, version, updated_at, read_version)
             WHERE p.sku = c.sku AND p.version = c.read_version
            RETURNING p.sku""";

    private final JdbcTemplate jdbc;

    ProductViewWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A product's registration, the values of its new row besides the stock. */
    record Registration(String name, BigDecimal priceAmount, String priceCurrency) {
    }

    /**
     * One event of a product and how it moves the stock (a registration brings the initial stock).
     *
     * @param registration the new row's values, or {@code null} for an event of an existing product
     */
    record Change(long version, StockMovement movement, Instant at, Registration registration) {

        static Change registered(Registration registration, StockMovement initialStock, long version, Instant at) {
            return new Change(version, initialStock, at, registration);
        }

        static Change moved(StockMovement movement, long version, Instant at) {
            return new Change(version, movement, at, null);
        }
    }

    /**
     * Applies each product's changes, given in the order the events were published.
     *
     * @return the skus whose rows changed
     */
    List<String> write(SortedMap<String, List<Change>> changesBySku) {
        if (changesBySku.isEmpty()) {
            return List.of();
        }
        Map<String, Long> versions = readVersions(changesBySku.keySet().toArray(String[]::new));
        List<Object[]> inserts = new ArrayList<>();
        RowUpdates updates = new RowUpdates();
        List<String> changed = new ArrayList<>();
        changesBySku.forEach((sku, changes) -> {
            Long readVersion = versions.get(sku);
            Long version = readVersion;
            Change registration = null;
            StockMovement moved = StockMovement.NONE; // since the row's read version, or from nothing for a new row
            Instant updatedAt = null;
            for (Change change : changes) {
                if (change.registration() != null) {
                    if (version == null) { // a registration only creates a row that is not there yet
                        registration = change;
                        moved = moved.plus(change.movement());
                        version = change.version();
                        updatedAt = change.at();
                    }
                } else if (version != null && change.version() > version) {
                    moved = moved.plus(change.movement());
                    version = change.version();
                    updatedAt = change.at();
                }
            }
            if (registration != null) {
                Registration values = registration.registration();
                inserts.add(new Object[]{sku, values.name(), values.priceAmount(), values.priceCurrency(),
                        moved.available(), moved.reserved(), version, utc(registration.at()), utc(updatedAt)});
                changed.add(sku);
            } else if (readVersion != null && version > readVersion) {
                updates.add(sku, moved, version, updatedAt, readVersion);
                changed.add(sku);
            }
        });
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate(INSERT, inserts);
        }
        if (!updates.skus.isEmpty()) {
            update(updates);
        }
        return changed;
    }

    private void update(RowUpdates updates) {
        Set<String> updated = new HashSet<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(UPDATE);
            statement.setArray(1, connection.createArrayOf("varchar", updates.skus.toArray()));
            statement.setArray(2, connection.createArrayOf("bigint", updates.availableDeltas.toArray()));
            statement.setArray(3, connection.createArrayOf("bigint", updates.reservedDeltas.toArray()));
            statement.setArray(4, connection.createArrayOf("bigint", updates.versions.toArray()));
            statement.setArray(5, connection.createArrayOf("varchar", updates.updatedAts.toArray()));
            statement.setArray(6, connection.createArrayOf("bigint", updates.readVersions.toArray()));
            return statement;
        }, row -> {
            updated.add(row.getString(1));
        });
        for (String sku : updates.skus) {
            if (!updated.contains(sku)) {
                // only this processor's segment writes this row; a concurrent change means the batch must be
                // retried from the row's new state rather than overwrite it
                throw new IllegalStateException("product_view row " + sku
                        + " changed concurrently; the batch is rolled back and retried");
            }
        }
    }

    /** The columns of the rows to update, one array per statement parameter. */
    private static final class RowUpdates {
        final List<String> skus = new ArrayList<>();
        final List<Long> availableDeltas = new ArrayList<>();
        final List<Long> reservedDeltas = new ArrayList<>();
        final List<Long> versions = new ArrayList<>();
        final List<String> updatedAts = new ArrayList<>();
        final List<Long> readVersions = new ArrayList<>();

        void add(String sku, StockMovement moved, long version, Instant updatedAt, long readVersion) {
            skus.add(sku);
            availableDeltas.add(moved.available());
            reservedDeltas.add(moved.reserved());
            versions.add(version);
            updatedAts.add(updatedAt.toString());
            readVersions.add(readVersion);
        }
    }

    private Map<String, Long> readVersions(String[] skus) {
        Map<String, Long> versions = new HashMap<>();
        jdbc.query(connection -> {
            PreparedStatement statement = connection.prepareStatement(SELECT_VERSIONS);
            Array array = connection.createArrayOf("varchar", skus);
            statement.setArray(1, array);
            return statement;
        }, row -> {
            versions.put(row.getString(1), row.getLong(2));
        });
        return versions;
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
