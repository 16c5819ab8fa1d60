package io.annals.app.admin;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;

import static io.annals.app.test.ApiClient.ADMIN;
import static io.annals.app.test.ApiClient.encode;
import static io.annals.app.test.ApiClient.line;
import static io.annals.app.test.ApiClient.uniqueEmail;
import static io.annals.app.test.ApiClient.uniqueToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A replay rebuilds a read model beside the live one (issue 15): for each projection, built from live traffic, a
 * rebuild is held half-way ({@link RebuildHold}) while a reader and a writer keep working against the API. Every GET
 * of an existing entity answers 200 with a version never lower than one served before, lists never lose an entity,
 * and once the new generation has switched in (a new table, by its oid), it holds exactly the rows the live one had,
 * the writes made during the rebuild included.
 */
@EndToEndTest
class BlueGreenRebuildTest {

    private static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(90);
    private static final int ENTITIES = 6;
    private static final int WRITES_DURING_REBUILD = 12;

    private final ApiClient api;
    private final ApiClient admin;
    private final JdbcTemplate jdbc;
    private String held;

    BlueGreenRebuildTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc) {
        api = ApiClient.onPort(port);
        admin = api.as(ADMIN);
        this.jdbc = jdbc;
    }

    @AfterEach
    void letTheRebuildGo() {
        if (held != null) {
            RebuildHold.open(held);
        }
    }

    @Test
    void productsAreRebuiltWhileReadsAndRestocksGoOn() {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < ENTITIES; i++) {
            String sku = api.registerProduct("BLUEGREEN", 100);
            assertThat(api.restock(sku, 5).status()).isEqualTo(200);
            skus.add(sku);
        }
        skus.forEach(sku -> api.productAtLeast(sku, 1));
        AtomicInteger written = new AtomicInteger();
        rebuildUnderLoad(new Scenario("products", "product_view", "sku", skus,
                id -> "/api/products/" + id,
                () -> {
                    String sku = skus.get(written.getAndIncrement() % skus.size());
                    assertThat(api.restock(sku, 3).status()).isEqualTo(200);
                },
                () -> skus.forEach(sku -> api.productAtLeast(sku, 1 + WRITES_DURING_REBUILD / ENTITIES)),
                () -> {
                    // the products list has no filter: its total never shrinks (nothing deletes products)
                    Answer page = api.get("/api/products?size=1");
                    assertThat(page.status()).as(page.body()).isEqualTo(200);
                    return page.json().path("totalItems").asLong();
                }, () -> skus));
    }

    @Test
    void customersAreRebuiltWhileReadsSearchesAndRenamesGoOn() {
        String name = "Bluegreen " + uniqueToken();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ENTITIES; i++) {
            String id = api.registerCustomer(uniqueEmail("bluegreen"), "Before " + name);
            assertThat(api.put("/api/customers/" + id, "{\"name\": \"" + name + "\"}").status()).isEqualTo(200);
            ids.add(id);
        }
        ids.forEach(id -> api.customerAtLeast(id, 1));
        AtomicInteger written = new AtomicInteger();
        rebuildUnderLoad(new Scenario("customers", "customer_view", "customer_id", ids,
                id -> "/api/customers/" + id,
                () -> {
                    String id = ids.get(written.getAndIncrement() % ids.size());
                    Answer renamed = api.put("/api/customers/" + id, "{\"email\": \"" + uniqueEmail("moved") + "\"}");
                    assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
                },
                () -> ids.forEach(id -> api.customerAtLeast(id, 1 + WRITES_DURING_REBUILD / ENTITIES)),
                () -> {
                    Set<String> listed = idsOf(api.get("/api/customers?size=100&name=" + encode(name)), "customerId");
                    Set<String> found = idsOf(api.get("/api/customers/search?size=100&q=" + encode(name)),
                            "customerId");
                    assertThat(listed).as("listed by name").containsAll(ids);
                    assertThat(found).as("found by the trigram search").containsAll(ids);
                    return (long) listed.size();
                }, () -> ids));
    }

    @Test
    void ordersAreRebuiltWhileReadsAndNewOrdersGoOn() {
        String customerId = api.registerCustomer(uniqueEmail("bluegreen"), "Bluegreen Buyer");
        String sku = api.registerProduct("BLUEGREEN", 10_000);
        List<String> orders = new CopyOnWriteArrayList<>();
        for (int i = 0; i < ENTITIES; i++) {
            orders.add(api.placeOrder(customerId, line(sku, 1, "2.00", "EUR")));
        }
        orders.forEach(order -> api.orderReaching(order, "COMPLETED"));
        List<String> placedDuringRebuild = new CopyOnWriteArrayList<>();
        rebuildUnderLoad(new Scenario("orders", "order_view", "order_id", orders,
                id -> "/api/orders/" + id,
                () -> placedDuringRebuild.add(api.placeOrder(customerId, line(sku, 1, "2.00", "EUR"))),
                () -> placedDuringRebuild.forEach(order -> api.orderReaching(order, "COMPLETED")),
                () -> {
                    Set<String> listed = idsOf(api.get("/api/orders?size=100&customerId=" + customerId), "orderId");
                    assertThat(listed).as("the customer's orders").containsAll(orders);
                    return (long) listed.size();
                }, () -> {
                    List<String> all = new ArrayList<>(orders);
                    all.addAll(placedDuringRebuild);
                    return all;
                }));
    }

    /**
     * What differs between the projections.
     *
     * @param write   one write through the API while the rebuild is held
     * @param settle  waits until the live read model shows every write
     * @param listing reads the projection's list(s), asserting they hold the entities; answers the list's size
     * @param rowIds  the entities whose rows are compared, those written during the rebuild included
     */
    private record Scenario(String projection, String table, String key, List<String> ids,
                            Function<String, String> path, Runnable write, Runnable settle, Supplier<Long> listing,
                            Supplier<List<String>> rowIds) {
    }

    private void rebuildUnderLoad(Scenario scenario) {
        long tableBefore = tableOid(scenario.table());
        held = scenario.projection();
        RebuildHold.close(scenario.projection());

        Answer replay = admin.post("/api/admin/projections/" + scenario.projection() + "/replay", "");

        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        await("rebuild held half-way").atMost(REBUILD_TIMEOUT).until(() -> RebuildHold.holds(scenario.projection()));
        admin.post("/api/admin/projections/" + scenario.projection() + "/replay", "").assertProblem(409);
        JsonNode replaying = projection(scenario.projection());
        assertThat(replaying.path("state").asString()).as(replaying.toString()).isEqualTo("REPLAYING");
        assertThat(replaying.path("replayProgress").asDouble()).as(replaying.toString()).isBetween(0.0, 1.0);

        Reader reader = new Reader(scenario);
        Thread readerThread = new Thread(reader, "bluegreen-reader");
        readerThread.start();
        try {
            for (int i = 0; i < WRITES_DURING_REBUILD; i++) {
                scenario.write().run();
            }
            scenario.settle().run();
            List<Map<String, Object>> liveRows = rows(scenario);
            assertThat(tableOid(scenario.table())).as("still the live generation").isEqualTo(tableBefore);
            await("reads during the rebuild").atMost(REBUILD_TIMEOUT).until(() -> reader.reads.get() >= 50);

            RebuildHold.open(scenario.projection());
            held = null;
            await("rebuild switched in").atMost(REBUILD_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> projection(scenario.projection()).path("state").asString(), "RUNNING"::equals);

            assertThat(tableOid(scenario.table())).as("the new generation serves").isNotEqualTo(tableBefore);
            assertThat(rows(scenario)).as("the new generation, row by row").isEqualTo(liveRows);
            int readsAtSwitch = reader.reads.get();
            await("reads after the switch").atMost(REBUILD_TIMEOUT).until(() -> reader.reads.get() >= readsAtSwitch + 20);
        } finally {
            reader.running.set(false);
            join(readerThread);
        }
        assertThat(reader.failures).as("answers that were not 200 or went back").isEmpty();
        JsonNode done = projection(scenario.projection());
        assertThat(done.has("replayProgress")).as(done.toString()).isFalse();
        assertThat(schemaExists("rebuild_" + scenario.projection())).as("the rebuild's schema is gone").isFalse();
    }

    /** Reads every entity and the list in turn until stopped, remembering every answer that breaks the promise. */
    private final class Reader implements Runnable {

        final Scenario scenario;
        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicInteger reads = new AtomicInteger();
        final List<String> failures = new CopyOnWriteArrayList<>();
        final Map<String, Long> versions = new ConcurrentHashMap<>();
        long listed;

        Reader(Scenario scenario) {
            this.scenario = scenario;
        }

        @Override
        public void run() {
            while (running.get()) {
                try {
                    for (String id : scenario.ids()) {
                        Answer answer = api.get(scenario.path().apply(id));
                        if (answer.status() != 200) {
                            failures.add("GET " + id + " answered " + answer.status() + ": " + answer.body());
                            continue;
                        }
                        long version = answer.json().path("version").asLong();
                        Long before = versions.put(id, version);
                        if (before != null && version < before) {
                            failures.add("GET " + id + " went back from version " + before + " to " + version);
                        }
                    }
                    long size = scenario.listing().get();
                    if (size < listed) {
                        failures.add("the list shrank from " + listed + " to " + size);
                    }
                    listed = size;
                    reads.incrementAndGet();
                } catch (AssertionError | RuntimeException e) {
                    failures.add(e.toString());
                }
            }
        }
    }

    private List<Map<String, Object>> rows(Scenario scenario) {
        return jdbc.queryForList("SELECT * FROM " + scenario.table() + " WHERE " + scenario.key()
                + " = ANY(?) ORDER BY " + scenario.key(), (Object) scenario.rowIds().get().toArray(String[]::new));
    }

    private long tableOid(String table) {
        return jdbc.queryForObject("SELECT to_regclass(?)::oid::bigint", Long.class, "public." + table);
    }

    private boolean schemaExists(String schema) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)", Boolean.class, schema));
    }

    private static Set<String> idsOf(Answer page, String idField) {
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        Set<String> ids = new HashSet<>();
        page.json().path("items").forEach(item -> ids.add(item.path(idField).asString()));
        return ids;
    }

    private JsonNode projection(String name) {
        return admin.projection(name);
    }

    private static void join(Thread thread) {
        try {
            thread.join(REBUILD_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
