package io.annals.app.provider;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static io.annals.app.test.ApiClient.ADMIN;
import static io.annals.app.test.ApiClient.WRITER;
import static org.assertj.core.api.Assertions.assertThat;

/** API.md "operations": the providers' circuits, their reset, and their state in actuator health. */
@EndToEndTest
class CircuitAdminTest {

    private final ApiClient admin;

    CircuitAdminTest(@LocalServerPort int port) {
        admin = ApiClient.onPort(port).as(ADMIN);
    }

    @Test
    void theThreeCircuitsAreListedWithTheirStateAndCounts() {
        Answer answer = admin.get("/api/admin/circuits");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        answer.json().forEach(circuit -> {
            names.add(circuit.path("name").asString());
            assertThat(circuit.path("state").asString()).isIn("CLOSED", "OPEN", "HALF_OPEN");
            assertThat(circuit.path("failureRate").isNumber()).as(circuit.toString()).isTrue();
            assertThat(circuit.path("failureRate").asDouble()).isBetween(0.0, 1.0);
            assertThat(circuit.path("calls").isIntegralNumber()).as(circuit.toString()).isTrue();
            assertThat(circuit.path("failedCalls").asLong()).isBetween(0L, circuit.path("calls").asLong());
            assertThat(circuit.path("notPermittedCalls").isIntegralNumber()).as(circuit.toString()).isTrue();
            for (String timestamp : new String[]{"lastFailureAt", "lastSuccessAt"}) {
                JsonNode at = circuit.path(timestamp);
                // omitted when never happened, never null
                assertThat(at.isMissingNode() || at.asString().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"))
                        .as(circuit.toString()).isTrue();
            }
        });
        assertThat(names).containsExactly("payment", "shipping", "notification");
    }

    @Test
    void aResetAnswersTheClosedCircuit() {
        Answer reset = admin.post("/api/admin/circuits/notification/reset", "");

        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(reset.json().path("name").asString()).isEqualTo("notification");
        assertThat(reset.json().path("state").asString()).isEqualTo("CLOSED");
        assertThat(reset.json().path("calls").asInt()).isZero();
    }

    @Test
    void anUnknownCircuitIsNotFound() {
        admin.post("/api/admin/circuits/billing/reset", "").assertProblem(404);
    }

    @Test
    void onlyAdminsSeeCircuits() {
        admin.as(WRITER).get("/api/admin/circuits").assertProblem(403);
        admin.as(WRITER).post("/api/admin/circuits/payment/reset", "").assertProblem(403);
    }

    @Test
    void healthShowsEveryCircuitToAdminsAndStaysUp() {
        Answer health = admin.get("/actuator/health");

        assertThat(health.status()).as(health.body()).isEqualTo(200);
        JsonNode circuits = health.json().path("components").path("circuits");
        assertThat(circuits.path("status").asString()).isEqualTo("UP");
        for (String name : new String[]{"payment", "shipping", "notification"}) {
            assertThat(circuits.path("details").path(name).asString()).as(circuits.toString())
                    .isIn("CLOSED", "OPEN", "HALF_OPEN");
        }
    }

    @Test
    void circuitAndRetryMetricsArePublishedForPrometheus() {
        Answer scrape = admin.get("/actuator/prometheus");

        assertThat(scrape.status()).isEqualTo(200);
        for (String name : new String[]{"payment", "shipping", "notification"}) {
            assertThat(scrape.body()).containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"" + name + "\"")
                    .containsPattern("resilience4j_retry_calls_total\\{[^}]*name=\"" + name + "\"");
        }
    }
}
