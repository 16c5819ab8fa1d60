package io.annals.app.admin;

import io.annals.app.role.Roles;
import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.AnnalsProcess;
import io.annals.db.test.TestDatabase;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.annals.app.test.ApiClient.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An instance killed ({@code kill -9}, a child process) in the middle of a rebuild: the live generation keeps
 * serving, untouched, and never the half-built one; after a restart the rebuild resumes from its tokens and
 * switches, and a second replay completes too.
 *
 * <p>The children run every role but the saga's, with a short claim timeout, so the restarted one takes over the
 * killed one's segments within seconds; the last one stops gracefully and releases them. The class runs before the
 * shared end-to-end context ({@link Order}), so no other instance takes part.
 */
@Order(7)
class RebuildCrashTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String[] ROLES_AND_CLAIMS = {"--" + Roles.PROPERTY + "=command,query,intake",
            "--annals.axon.token-claim-timeout=5s"};

    private final JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(TestDatabase.instance().jdbcUrl(),
            TestDatabase.instance().username(), TestDatabase.instance().password()));

    @Test
    void aRebuildKilledHalfWayLeavesTheLiveGenerationServingAndResumesAfterARestart() throws InterruptedException {
        // this child never switches: its rebuild is still half-built when it dies
        AnnalsProcess doomed = AnnalsProcess.start(with("--annals.rebuild.switch-within=-1000000000"));
        List<String> skus = new ArrayList<>();
        long liveTable;
        List<Map<String, Object>> liveRows;
        try {
            ApiClient api = doomed.api();
            for (int i = 0; i < 5; i++) {
                String sku = api.registerProduct("CRASH", 20);
                assertThat(api.restock(sku, 2).status()).isEqualTo(200);
                skus.add(sku);
            }
            skus.forEach(sku -> api.productAtLeast(sku, 1));
            liveTable = tableOid();
            liveRows = rows(skus);

            assertThat(api.as(ADMIN).post("/api/admin/projections/products/replay", "").status()).isEqualTo(202);

            await("a half-built generation").atMost(TIMEOUT).until(() -> rebuiltRows() > 0);
            assertThat(state(api)).isEqualTo("REPLAYING");
        } finally {
            doomed.kill();
        }
        assertThat(tableOid()).as("the live generation is still in place").isEqualTo(liveTable);
        assertThat(rows(skus)).isEqualTo(liveRows);

        AnnalsProcess restarted = AnnalsProcess.start(ROLES_AND_CLAIMS);
        try {
            ApiClient api = restarted.api();
            for (String sku : skus) {
                Answer product = api.get("/api/products/" + sku);
                assertThat(product.status()).as("served by the live generation after the restart").isEqualTo(200);
                assertThat(product.json().path("version").asLong()).isEqualTo(1);
            }
            await("the resumed rebuild switched in").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> state(api), "RUNNING"::equals);
            long resumedTable = tableOid();
            assertThat(resumedTable).isNotEqualTo(liveTable);
            assertThat(rows(skus)).isEqualTo(liveRows);

            assertThat(api.as(ADMIN).post("/api/admin/projections/products/replay", "").status()).isEqualTo(202);
            await("the second rebuild switched in").atMost(TIMEOUT).pollInterval(Duration.ofMillis(250))
                    .until(() -> state(api).equals("RUNNING") && tableOid() != resumedTable);
            assertThat(rows(skus)).isEqualTo(liveRows);
            assertThat(api.restock(skus.get(0), 1).status()).isEqualTo(200);
            assertThat(api.productAtLeast(skus.get(0), 2).path("available").asLong()).isEqualTo(23);
        } finally {
            restarted.close();
        }
    }

    private static String[] with(String argument) {
        String[] arguments = Arrays.copyOf(ROLES_AND_CLAIMS, ROLES_AND_CLAIMS.length + 1);
        arguments[ROLES_AND_CLAIMS.length] = argument;
        return arguments;
    }

    private List<Map<String, Object>> rows(List<String> skus) {
        return jdbc.queryForList("SELECT * FROM public.product_view WHERE sku = ANY(?) ORDER BY sku",
                (Object) skus.toArray(String[]::new));
    }

    /** Rows in the next generation's table, while it exists (this child never switches, so it does not vanish). */
    private long rebuiltRows() {
        Boolean exists = jdbc.queryForObject("SELECT to_regclass('rebuild_products.product_view') IS NOT NULL",
                Boolean.class);
        return Boolean.TRUE.equals(exists)
                ? jdbc.queryForObject("SELECT count(*) FROM rebuild_products.product_view", Long.class) : 0;
    }

    private long tableOid() {
        return jdbc.queryForObject("SELECT 'public.product_view'::regclass::oid::bigint", Long.class);
    }

    private static String state(ApiClient api) {
        return api.projection("products").path("state").asString();
    }
}
