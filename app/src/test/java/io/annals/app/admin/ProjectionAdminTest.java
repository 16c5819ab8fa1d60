package io.annals.app.admin;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.AfterEach;
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

    /** {@code initial-segment-count} of the projections in application.yml. */
    private static final int SEGMENTS = 4;
    /** {@code batch-size} of the projections in application.yml: events handled per transaction. */
    private static final int PROJECTION_BATCH_SIZE = 100;

    private final ApiClient testSubject;
    private final ApiClient admin;
    private final JdbcTemplate jdbc;
    private final ReplayGate gate;
    private String gated;

    ProjectionAdminTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc, @Autowired ReplayGate gate) {
        testSubject = ApiClient.onPort(port);
        admin = testSubject.as(ADMIN);
        this.jdbc = jdbc;
        this.gate = gate;
    }

    @AfterEach
    void openTheGate() {
        if (gated != null) {
            gate.open(gated);
        }
    }

    @Test
    void theProjectionsAreListedWithStateSegmentsPositionHeadAndLag() {
        testSubject.registerVisibleCustomer("status");

        Answer answer = admin.get("/api/admin/projections");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        answer.json().forEach(projection -> {
            names.add(projection.path("name").asString());
            assertThat(projection.path("state").asString()).as(projection.toString()).isEqualTo("RUNNING");
            assertThat(projection.path("segments").asInt()).as(projection.toString()).isEqualTo(SEGMENTS);
            assertThat(projection.path("position").isIntegralNumber()).as(projection.toString()).isTrue();
            assertThat(projection.path("headPosition").isIntegralNumber()).as(projection.toString()).isTrue();
            // the head is read first: events appended meanwhile may carry the position past it
            assertThat(projection.path("lag").asLong()).as(projection.toString()).isEqualTo(Math.max(0,
                    projection.path("headPosition").asLong() - projection.path("position").asLong()));
            assertThat(projection.has("replayProgress")).as(projection.toString()).isFalse();
        });
        assertThat(names).containsExactly("customers", "products", "orders", "intake");
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
        for (int i = 1; i <= PROJECTION_BATCH_SIZE; i++) {
            rename(renamed, "Before " + name + " #" + i);
        }
        rename(renamed, name);
        testSubject.put("/api/customers/" + changed, "{\"email\": \"" + uniqueEmail("changed-again") + "\"}");
        testSubject.delete("/api/customers/" + deleted);
        testSubject.customerAtLeast(kept, 0);
        testSubject.customerAtLeast(renamed, PROJECTION_BATCH_SIZE + 1);
        testSubject.customerAtLeast(changed, 1);
        testSubject.caughtUp("/api/customers/" + deleted, 1).assertProblem(404);
        String before = list(name).toString();
        damageTheReadModel(kept, renamed);
        assertThat(list(name).toString()).as("the read model is damaged").isNotEqualTo(before);
        // held at the last rename: more than a batch of the customer's own events precede it in its segment, so
        // the segment has finished a batch of the replay and reports its position (before that it reports nothing)
        gated = renamed;
        gate.close(renamed, name);

        Answer replay = admin.post("/api/admin/projections/customers/replay", "");

        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        assertThat(replay.json().path("name").asString()).isEqualTo("customers");
        await("replay held at a customer").atMost(REPLAY_TIMEOUT).until(() -> gate.holds(renamed));
        JsonNode replaying = projection("customers");
        assertThat(replaying.path("state").asString()).as(replaying.toString()).isEqualTo("REPLAYING");
        assertThat(replaying.path("replayProgress").asDouble()).as(replaying.toString()).isGreaterThanOrEqualTo(0.0)
                .isLessThan(1.0);
        assertThat(list(name).toString()).as("the live read model serves while the new one is built")
                .isNotEqualTo(before);
        assertThat(projection("products").path("state").asString()).as("only customers replay").isEqualTo("RUNNING");

        gate.open(renamed);

        await().atMost(REPLAY_TIMEOUT).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(list(name).toString()).isEqualTo(before));
        testSubject.get("/api/customers/" + deleted).assertProblem(404);
        await("replay done").atMost(REPLAY_TIMEOUT).until(() -> projection("customers").path("state").asString(),
                state -> !state.equals("REPLAYING"));
        JsonNode done = projection("customers");
        assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("RUNNING");
        assertThat(done.has("replayProgress")).as(done.toString()).isFalse();
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

    private void rename(String customerId, String name) {
        Answer renamed = testSubject.put("/api/customers/" + customerId, "{\"name\": \"" + name + "\"}");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
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
        return admin.projection(name);
    }
}
