package io.annals.app.processor;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.List;

import static io.annals.app.test.ApiClient.ADMIN;
import static io.annals.app.test.ApiClient.READER;
import static org.assertj.core.api.Assertions.assertThat;

/** Health per event processor (issue 15): details for ADMIN only, the status alone for everyone else. */
@EndToEndTest
class ProcessorHealthTest {

    private final ApiClient api;

    ProcessorHealthTest(@LocalServerPort int port) {
        api = ApiClient.onPort(port);
    }

    @Test
    void anAdminSeesEachProcessorsStateLagSegmentsAndDeadLetters() {
        Answer health = api.as(ADMIN).get("/actuator/health");

        assertThat(health.status()).as(health.body()).isEqualTo(200);
        JsonNode processors = health.json().path("components").path("processors").path("components");
        for (String name : List.of("products", "customers", "orders", "intake", "fulfilment")) {
            JsonNode processor = processors.path(name);
            assertThat(processor.path("status").asString()).as(name + ": " + processor).isEqualTo("UP");
            JsonNode details = processor.path("details");
            assertThat(details.path("state").asString()).as(name).isEqualTo("RUNNING");
            assertThat(details.path("segmentsClaimedHere").asInt()).as(name).isPositive();
            assertThat(details.path("segmentsInError").asLong()).as(name).isZero();
            assertThat(details.path("deadLetters").isIntegralNumber()).as(name + ": " + details).isTrue();
            assertThat(details.path("lag").isIntegralNumber()).as(name + ": " + details).isTrue();
        }
    }

    @Test
    void readinessWaitsForTheProcessorsAndShowsThemToAnAdmin() {
        Answer readiness = api.as(ADMIN).get("/actuator/health/readiness");

        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.json().path("components").path("processorsStarted").path("status").asString())
                .as(readiness.body()).isEqualTo("UP");
    }

    @Test
    void everyoneElseSeesTheStatusAlone() {
        for (ApiClient client : List.of(api.anonymous(), api.as(READER), api)) {
            Answer health = client.get("/actuator/health");

            assertThat(health.status()).as(health.body()).isEqualTo(200);
            assertThat(health.json().path("status").asString()).as(health.body()).isEqualTo("UP");
            assertThat(health.json().has("components")).as("no details: " + health.body()).isFalse();
        }
    }
}
