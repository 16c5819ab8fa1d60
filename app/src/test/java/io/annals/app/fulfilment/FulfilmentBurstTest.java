package io.annals.app.fulfilment;

import io.annals.app.test.ApiClient;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.Parallel;
import io.annals.app.test.SandboxProviders;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static io.annals.app.test.ApiClient.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * 200 orders at once over few products with scarce stock, flaky providers and restocks in between: whatever each
 * order's fate, afterwards every product satisfies {@code available + reserved + shipped == initial + restocks},
 * nothing stays reserved, and no saga is left active.
 */
@EndToEndTest
class FulfilmentBurstTest {

    private static final int ORDERS = 200;
    private static final int PRODUCTS = 4;
    private static final long INITIAL_STOCK = 120;

    private final ApiClient testSubject;
    private final JdbcTemplate jdbc;
    private final SandboxProviders providers;

    FulfilmentBurstTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc,
                        @Autowired CircuitBreakerRegistry circuits) {
        testSubject = ApiClient.onPort(port);
        this.jdbc = jdbc;
        providers = new SandboxProviders(testSubject, circuits);
    }

    @AfterEach
    void restoreProviders() {
        providers.restore();
    }

    /** Order {@code i}: 1–3 lines of random skus and quantities; every 25th also restocks a product first. */
    private String placeRandomOrder(Random random, int i, List<String> skus, String customerId,
                                    Map<String, Long> restocked, Map<String, Map<String, Integer>> quantitiesByOrder) {
        if (i % 25 == 0) {
            String sku = skus.get(random.nextInt(PRODUCTS));
            assertThat(testSubject.restock(sku, 10).status()).isEqualTo(200);
            restocked.merge(sku, 10L, Long::sum);
        }
        Map<String, Integer> quantities = new HashMap<>();
        List<String> lines = new ArrayList<>();
        for (int l = 0, n = 1 + random.nextInt(3); l < n; l++) {
            String sku = skus.get(random.nextInt(PRODUCTS));
            int quantity = 1 + random.nextInt(6);
            lines.add(line(sku, quantity, "2.00", "EUR"));
            quantities.merge(sku, quantity, Integer::sum);
        }
        String orderId = testSubject.placeOrder(customerId, lines.toArray(String[]::new));
        quantitiesByOrder.put(orderId, quantities);
        return orderId;
    }

    @Test
    void aBurstOfMixedOrdersKeepsEveryStockInvariantAndEndsEverySaga() throws Exception {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < PRODUCTS; i++) {
            skus.add(testSubject.registerProduct("BURST" + i, INITIAL_STOCK));
        }
        String customerId = testSubject.registerVisibleCustomer("burst");
        // flaky enough that some orders fail after the retries, not so flaky that the circuits open for long
        providers.set("payment", "0.3", 0);
        providers.set("shipping", "0.3", 0);
        Map<String, Long> restocked = new ConcurrentHashMap<>();
        Map<String, Map<String, Integer>> quantitiesByOrder = new ConcurrentHashMap<>();
        AtomicInteger next = new AtomicInteger();

        List<String> orderIds = Parallel.gather(16, () -> {
            List<String> placed = new ArrayList<>();
            for (int i = next.getAndIncrement(); i < ORDERS; i = next.getAndIncrement()) {
                placed.add(placeRandomOrder(new Random(i), i, skus, customerId, restocked, quantitiesByOrder));
            }
            return placed;
        });
        assertThat(orderIds).hasSize(ORDERS);

        Map<String, Long> shipped = new HashMap<>();
        Map<String, Integer> outcomes = new HashMap<>();
        for (String orderId : orderIds) {
            JsonNode order = testSubject.orderReaching(orderId, "COMPLETED", "CANCELLED");
            String outcome = order.path("status").asString().equals("COMPLETED") ? "COMPLETED"
                    : order.path("cancellationReason").asString();
            outcomes.merge(outcome, 1, Integer::sum);
            if (outcome.equals("COMPLETED")) {
                quantitiesByOrder.get(orderId).forEach((sku, quantity) -> shipped.merge(sku, (long) quantity, Long::sum));
            }
        }
        assertThat(outcomes).as("outcomes %s", outcomes).containsKey("COMPLETED").containsKey("OUT_OF_STOCK");
        for (String sku : skus) {
            long expected = INITIAL_STOCK + restocked.getOrDefault(sku, 0L) - shipped.getOrDefault(sku, 0L);
            testSubject.awaitStock(sku, expected, 0);
        }
        Integer active = jdbc.queryForObject(
                "SELECT count(*) FROM fulfilment_saga WHERE active AND order_id = ANY (?)", Integer.class,
                (Object) orderIds.toArray(String[]::new));
        assertThat(active).isZero();
        Integer ended = jdbc.queryForObject(
                "SELECT count(*) FROM fulfilment_saga WHERE NOT active AND order_id = ANY (?)", Integer.class,
                (Object) orderIds.toArray(String[]::new));
        assertThat(ended).isEqualTo(ORDERS);
    }
}
