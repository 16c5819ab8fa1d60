package io.annals.app.admin;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.annals.app.test.ApiClient.ADMIN;
import static io.annals.app.test.ApiClient.READER;
import static io.annals.app.test.ApiClient.encode;
import static io.annals.app.test.ApiClient.uniqueEmail;
import static io.annals.app.test.ApiClient.uniqueToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** API.md "operations": the projections' status, and a replay that rebuilds a read model from the event store. */
@EndToEndTest
class ProjectionAdminTest {

    private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(60);

    private final ApiClient testSubject;
    private final ApiClient admin;
    private final JdbcTemplate jdbc;

    ProjectionAdminTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc) {
        testSubject = ApiClient.onPort(port);
        admin = testSubject.as(ADMIN);
        this.jdbc = jdbc;
    }

    @Test
    void theProjectionsAreListedWithStateSegmentsPositionHeadAndLag() {
        testSubject.registerVisibleCustomer("status");

        await("every projection reports its position").atMost(REPLAY_TIMEOUT).untilAsserted(() -> {
            Answer answer = admin.get("/api/admin/projections");

            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            List<String> names = new ArrayList<>();
            answer.json().forEach(projection -> names.add(projection.path("name").asString()));
            assertThat(names).contains("customers", "products", "orders");
            answer.json().forEach(projection -> {
                assertThat(projection.path("state").asString()).isIn("RUNNING", "REPLAYING", "ERROR", "STOPPED");
                assertThat(projection.path("segments").asInt()).isPositive();
                assertThat(projection.path("position").isIntegralNumber()).as(projection.toString()).isTrue();
                assertThat(projection.path("headPosition").isIntegralNumber()).as(projection.toString()).isTrue();
                assertThat(projection.path("lag").asLong()).isEqualTo(Math.max(0,
                        projection.path("headPosition").asLong() - projection.path("position").asLong()));
            });
        });
    }

    @Test
    void aRunningProjectionCatchesUpToTheHead() {
        testSubject.registerVisibleCustomer("caught-up");

        await().atMost(REPLAY_TIMEOUT).untilAsserted(() -> {
            JsonNode customers = projection("customers");
            assertThat(customers.path("state").asString()).isEqualTo("RUNNING");
            assertThat(customers.path("lag").asLong()).isZero();
        });
    }

    @Test
    void replayingCustomersRebuildsTheReadModelFromTheEvents() {
        String name = "Replay " + uniqueToken();
        String kept = testSubject.registerCustomer(uniqueEmail("kept"), name);
        String renamed = testSubject.registerCustomer(uniqueEmail("renamed"), "Before " + name);
        String changed = testSubject.registerCustomer(uniqueEmail("changed"), name);
        String deleted = testSubject.registerCustomer(uniqueEmail("deleted"), name);
        testSubject.put("/api/customers/" + renamed, "{\"name\": \"" + name + "\"}");
        testSubject.put("/api/customers/" + changed, "{\"email\": \"" + uniqueEmail("changed-again") + "\"}");
        testSubject.delete("/api/customers/" + deleted);
        testSubject.customerAtLeast(kept, 0);
        testSubject.customerAtLeast(renamed, 1);
        testSubject.customerAtLeast(changed, 1);
        testSubject.caughtUp("/api/customers/" + deleted, 1).assertProblem(404);
        String before = list(name).toString();
        damageTheReadModel(kept, renamed);
        assertThat(list(name).toString()).as("the read model is damaged").isNotEqualTo(before);

        Answer replay = admin.post("/api/admin/projections/customers/replay", "");

        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        await().atMost(REPLAY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(list(name).toString()).isEqualTo(before));
        testSubject.get("/api/customers/" + deleted).assertProblem(404);
        await().atMost(REPLAY_TIMEOUT).untilAsserted(
                () -> assertThat(projection("customers").path("state").asString()).isEqualTo("RUNNING"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "Customers", "customer"})
    void replayingAnUnknownProjectionIsNotFound(String name) {
        admin.post("/api/admin/projections/" + name + "/replay", "").assertProblem(404);
    }

    @Test
    void onlyAnAdminMaySeeOrReplayProjections() {
        testSubject.get("/api/admin/projections").assertProblem(403);
        testSubject.as(READER).get("/api/admin/projections").assertProblem(403);
        testSubject.post("/api/admin/projections/customers/replay", "").assertProblem(403);
    }

    /** A read model gone wrong: one row lost, one row altered behind the projection's back. */
    private void damageTheReadModel(String lost, String altered) {
        assertThat(jdbc.update("DELETE FROM customer_view WHERE customer_id = ?", lost)).isEqualTo(1);
        assertThat(jdbc.update("UPDATE customer_view SET name = name || ' (damaged)' WHERE customer_id = ?", altered))
                .isEqualTo(1);
    }

    private JsonNode list(String name) {
        Answer answer = testSubject.get("/api/customers?sort=createdAt&name=" + encode(name));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private JsonNode projection(String name) {
        Answer answer = admin.get("/api/admin/projections");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        for (JsonNode projection : answer.json()) {
            if (projection.path("name").asString().equals(name)) {
                return projection;
            }
        }
        throw new AssertionError("no projection " + name + " in " + answer.body());
    }
}
