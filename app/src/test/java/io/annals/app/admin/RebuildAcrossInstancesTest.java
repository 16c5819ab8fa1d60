package io.annals.app.admin;

import io.annals.app.role.Roles;
import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.Instances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.annals.app.test.ApiClient.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rebuild with two query instances on one database: the shared end-to-end instance holds every segment of the
 * live {@code products} processor, the replay is asked on a second one. Both take part in the rebuild, both serve
 * the live generation throughout, and after the switch both serve the new one.
 */
@EndToEndTest
class RebuildAcrossInstancesTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static ConfigurableApplicationContext second;

    private final ApiClient first;
    private final ApiClient secondApi = ApiClient.of(second);
    private final JdbcTemplate jdbc;

    RebuildAcrossInstancesTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc) {
        first = ApiClient.onPort(port);
        this.jdbc = jdbc;
    }

    @BeforeAll
    static void startASecondQueryInstance() {
        second = Instances.start("--" + Roles.PROPERTY + "=query");
    }

    @AfterAll
    static void stopIt() {
        if (second != null) {
            second.close();
        }
    }

    @AfterEach
    void letTheRebuildGo() {
        RebuildHold.open("products");
    }

    @Test
    void aReplayAskedOnAnInstanceWithoutLiveSegmentsRebuildsForBothAndBothServeThroughout() {
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String sku = first.registerProduct("TWO-NODES", 50);
            assertThat(first.restock(sku, 1).status()).isEqualTo(200);
            skus.add(sku);
        }
        skus.forEach(sku -> first.productAtLeast(sku, 1));
        long tableBefore = tableOid();
        RebuildHold.close("products");

        Answer replay = secondApi.as(ADMIN).post("/api/admin/projections/products/replay", "");

        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        await("rebuild held").atMost(TIMEOUT).until(() -> RebuildHold.holds("products"));
        first.as(ADMIN).post("/api/admin/projections/products/replay", "").assertProblem(409);
        assertThat(state(first)).isEqualTo("REPLAYING");
        assertThat(state(secondApi)).isEqualTo("REPLAYING");
        assertThat(rebuildSegmentOwners()).as("the rebuild's segments are shared out through the token table")
                .isNotEmpty();

        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        List<Thread> readers = List.of(reader(first, skus, reading, failures), reader(secondApi, skus, reading,
                failures));
        readers.forEach(Thread::start);
        try {
            for (String sku : skus) {
                assertThat(first.restock(sku, 2).status()).isEqualTo(200);
            }
            skus.forEach(sku -> first.productAtLeast(sku, 2));
            RebuildHold.open("products");
            await("switched, seen from both instances").atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> state(first).equals("RUNNING") && state(secondApi).equals("RUNNING"));
            for (String sku : skus) {
                assertThat(first.restock(sku, 3).status()).isEqualTo(200);
            }
            for (String sku : skus) {
                JsonNode onFirst = first.productAtLeast(sku, 3);
                JsonNode onSecond = secondApi.productAtLeast(sku, 3);
                assertThat(onSecond).as("both serve the new generation").isEqualTo(onFirst);
                assertThat(onFirst.path("available").asLong()).isEqualTo(50 + 1 + 2 + 3);
            }
        } finally {
            reading.set(false);
            readers.forEach(RebuildAcrossInstancesTest::join);
        }
        assertThat(tableOid()).as("a new generation").isNotEqualTo(tableBefore);
        assertThat(failures).isEmpty();
    }

    private static Thread reader(ApiClient api, List<String> skus, AtomicBoolean reading, List<String> failures) {
        Map<String, Long> versions = new ConcurrentHashMap<>();
        return new Thread(() -> {
            while (reading.get()) {
                for (String sku : skus) {
                    Answer answer = api.get("/api/products/" + sku);
                    if (answer.status() != 200) {
                        failures.add(sku + " answered " + answer.status());
                        continue;
                    }
                    long version = answer.json().path("version").asLong();
                    Long before = versions.put(sku, version);
                    if (before != null && version < before) {
                        failures.add(sku + " went back from " + before + " to " + version);
                    }
                }
            }
        });
    }

    private List<String> rebuildSegmentOwners() {
        return jdbc.queryForList("SELECT DISTINCT owner FROM token_entry WHERE processor_name = 'products@rebuild' "
                + "AND owner IS NOT NULL", String.class);
    }

    private long tableOid() {
        return jdbc.queryForObject("SELECT 'public.product_view'::regclass::oid::bigint", Long.class);
    }

    private static String state(ApiClient api) {
        return api.projection("products").path("state").asString();
    }

    private static void join(Thread thread) {
        try {
            thread.join(TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
