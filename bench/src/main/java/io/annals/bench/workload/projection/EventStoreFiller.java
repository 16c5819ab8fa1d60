package io.annals.bench.workload.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.annals.bench.jmh.AxonJson;
import io.annals.kernel.Money;
import io.annals.kernel.product.ProductRegistered;
import io.annals.kernel.product.ProductRestocked;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Writes product histories straight into {@code domain_event_entry}, exactly as the service's JDBC storage engine
 * stores them (Jackson payloads, revisions, ISO timestamps), in multi-row batches: the only way to prepare a store of
 * a million events in seconds. Only for a benchmark's own fresh database.
 */
public final class EventStoreFiller {

    private static final int BATCH = 2_000;
    private static final byte[] NO_METADATA = "{}".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json = AxonJson.objectMapper();

    /**
     * The embedded server's JDBC URL, from the port line of its {@code postmaster.pid} and the superuser's password
     * the service keeps beside it, in {@code annals-password} (letters and digits only, so safe in a URL).
     */
    public static String jdbcUrl(Path postmasterPid) throws IOException {
        List<String> lines = Files.readAllLines(postmasterPid);
        String password = Files.readString(postmasterPid.resolveSibling("annals-password")).strip();
        return "jdbc:postgresql://localhost:" + lines.get(3).trim() + "/postgres?user=postgres&password=" + password
                + "&reWriteBatchedInserts=true";
    }

    /**
     * {@code products} products with {@code eventsPerProduct} events each (registration + restocks), interleaved in
     * global order as concurrent traffic would write them, so the events spread over every processor segment.
     */
    public void fill(String jdbcUrl, String skuPrefix, int products, int eventsPerProduct) throws SQLException, IOException {
        String registeredType = ProductRegistered.class.getName();
        String restockedType = ProductRestocked.class.getName();
        try (Connection connection = DriverManager.getConnection(jdbcUrl);
             PreparedStatement insert = connection.prepareStatement("""
                     INSERT INTO domain_event_entry (aggregate_identifier, sequence_number, type, event_identifier,
                         meta_data, payload, payload_revision, payload_type, time_stamp)
                     VALUES (?, ?, 'Product', ?, ?, ?, ?, ?, ?)""")) {
            connection.setAutoCommit(false);
            int pending = 0;
            for (int sequence = 0; sequence < eventsPerProduct; sequence++) {
                for (int product = 0; product < products; product++) {
                    String sku = skuPrefix + "-" + product;
                    Object payload = sequence == 0
                            ? new ProductRegistered(sku, "Replay " + product, 0, new Money(new BigDecimal("9.99"), "EUR"))
                            : new ProductRestocked(sku, 1);
                    insert.setString(1, sku);
                    insert.setLong(2, sequence);
                    insert.setString(3, UUID.randomUUID().toString());
                    insert.setBytes(4, NO_METADATA);
                    insert.setBytes(5, json.writeValueAsBytes(payload));
                    insert.setString(6, sequence == 0 ? "2" : "1");
                    insert.setString(7, sequence == 0 ? registeredType : restockedType);
                    insert.setString(8, Instant.now().toString());
                    insert.addBatch();
                    if (++pending == BATCH) {
                        insert.executeBatch();
                        connection.commit();
                        pending = 0;
                    }
                }
            }
            insert.executeBatch();
            connection.commit();
        }
    }
}
