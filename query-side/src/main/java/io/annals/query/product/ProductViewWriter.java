package io.annals.query.product;

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
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Writes a batch of product events to {@code product_view} set-based: one SELECT of the touched rows' versions, one
 * JDBC batch of INSERTs for new products and one of UPDATEs for the changed rows, whatever the number of events.
 *
 * <p>Guarantees: an event at or below the row's version (or below an event already applied from the same batch) is
 * skipped, so redelivery and replay give the same content; an event for a product that has no row (and no
 * registration earlier in the batch) is skipped; every applied event moves the version. Each UPDATE is conditional
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
    private static final String UPDATE = """
            UPDATE product_view
               SET available = available + ?, reserved = reserved + ?, version = ?, updated_at = ?
             WHERE sku = ? AND version = ?""";

    private final JdbcTemplate jdbc;

    ProductViewWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A product's registration, the values of its new row. */
    record Registration(String name, BigDecimal priceAmount, String priceCurrency, long initialStock) {
    }

    /**
     * One event of a product: a registration (then the deltas are zero) or a stock movement.
     *
     * @param registration the new row's values, or {@code null} for a stock movement
     */
    record Change(long version, long availableDelta, long reservedDelta, Instant at, Registration registration) {

        static Change registered(Registration registration, long version, Instant at) {
            return new Change(version, 0, 0, at, registration);
        }

        static Change moved(long availableDelta, long reservedDelta, long version, Instant at) {
            return new Change(version, availableDelta, reservedDelta, at, null);
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
        List<Object[]> updates = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        changesBySku.forEach((sku, changes) -> {
            Long readVersion = versions.get(sku);
            Long version = readVersion;
            Change registration = null;
            long availableDelta = 0;
            long reservedDelta = 0;
            Instant updatedAt = null;
            for (Change change : changes) {
                if (change.registration() != null) {
                    if (version == null) { // a registration only creates a row that is not there yet
                        registration = change;
                        version = change.version();
                        updatedAt = change.at();
                    }
                } else if (version != null && change.version() > version) {
                    availableDelta += change.availableDelta();
                    reservedDelta += change.reservedDelta();
                    version = change.version();
                    updatedAt = change.at();
                }
            }
            if (registration != null) {
                Registration values = registration.registration();
                inserts.add(new Object[]{sku, values.name(), values.priceAmount(), values.priceCurrency(),
                        values.initialStock() + availableDelta, reservedDelta, version,
                        utc(registration.at()), utc(updatedAt)});
                changed.add(sku);
            } else if (readVersion != null && version > readVersion) {
                updates.add(new Object[]{availableDelta, reservedDelta, version, utc(updatedAt), sku, readVersion});
                changed.add(sku);
            }
        });
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate(INSERT, inserts);
        }
        if (!updates.isEmpty()) {
            int[] counts = jdbc.batchUpdate(UPDATE, updates);
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    // only this processor's segment writes this row; a concurrent change means the batch must be
                    // retried from the row's new state rather than overwrite it
                    throw new IllegalStateException("product_view row " + updates.get(i)[4]
                            + " changed concurrently; the batch is rolled back and retried");
                }
            }
        }
        return changed;
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
