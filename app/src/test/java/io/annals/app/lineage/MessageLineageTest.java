package io.annals.app.lineage;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.StoredEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.annals.app.test.ApiClient.customerJson;
import static io.annals.app.test.ApiClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Message lineage (issue 3): every event's metadata carries the {@code correlationId} of the request that caused it
 * (the client's {@code X-Correlation-Id}, or a generated one, echoed either way) and a {@code causationId} naming the
 * message that caused it.
 */
@EndToEndTest
class MessageLineageTest {

    private static final String HEADER = "X-Correlation-Id";

    private final ApiClient testSubject;
    private final StoredEvents storedEvents;

    MessageLineageTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc) {
        testSubject = ApiClient.onPort(port);
        storedEvents = new StoredEvents(jdbc);
    }

    @Test
    void aGivenCorrelationIdIsEchoedAndStampedOnTheEventsItCaused() {
        String correlationId = "client-" + UUID.randomUUID();

        Answer created = testSubject.post("/api/customers", customerJson(uniqueEmail("lineage"), "Ada"),
                HEADER, correlationId);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header(HEADER)).hasValue(correlationId);
        JsonNode metadata = metadata("customers", created.json().path("customerId").asString()).get(0);
        assertThat(metadata.path("correlationId").asString()).isEqualTo(correlationId);
        assertThat(metadata.path("causationId").asString()).isNotBlank().isNotEqualTo(correlationId);
    }

    @Test
    void withoutTheHeaderAGeneratedIdIsEchoedAndStampedOnTheEvents() {
        Answer created = testSubject.post("/api/customers", customerJson(uniqueEmail("generated"), "Ada"));

        String generated = created.header(HEADER).orElseThrow();
        assertThat(generated).isNotBlank();
        JsonNode metadata = metadata("customers", created.json().path("customerId").asString()).get(0);
        assertThat(metadata.path("correlationId").asString()).isEqualTo(generated);
        assertThat(metadata.path("causationId").isString()).isTrue();
    }

    @Test
    void generatedIdsDifferPerRequest() {
        Answer first = testSubject.get("/api/customers?size=1");
        Answer second = testSubject.get("/api/customers?size=1");

        assertThat(first.header(HEADER)).isPresent();
        assertThat(first.header(HEADER)).isNotEqualTo(second.header(HEADER));
    }

    @Test
    void eachRequestStampsItsOwnEventsWithItsOwnIds() {
        String registering = "register-" + UUID.randomUUID();
        String renaming = "rename-" + UUID.randomUUID();
        Answer registered = testSubject.post("/api/customers",
                ApiClient.customerJson(uniqueEmail("two-requests"), "Ada"), HEADER, registering);
        String customerId = registered.json().path("customerId").asString();

        Answer renamed = testSubject.put("/api/customers/" + customerId, "{\"name\": \"Ada L.\"}", HEADER, renaming);

        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(renamed.header(HEADER)).hasValue(renaming);
        List<JsonNode> metadata = metadata("customers", customerId);
        assertThat(metadata).extracting(m -> m.path("correlationId").asString()).containsExactly(registering, renaming);
        assertThat(metadata.get(0).path("causationId").asString())
                .isNotEqualTo(metadata.get(1).path("causationId").asString());
    }

    @Test
    void theIdIsEchoedOnReadsAndOnErrors() {
        String correlationId = "read-" + UUID.randomUUID();

        Answer read = testSubject.get("/api/customers?size=1", HEADER, correlationId);
        Answer notFound = testSubject.get("/api/customers/" + UUID.randomUUID(), HEADER, correlationId);

        assertThat(read.header(HEADER)).hasValue(correlationId);
        notFound.assertProblem(404);
        assertThat(notFound.header(HEADER)).hasValue(correlationId);
    }

    @Test
    void anIdOf128VisibleCharactersIsAccepted() {
        String correlationId = ("max-" + UUID.randomUUID() + "x".repeat(128)).substring(0, 128);

        Answer created = testSubject.post("/api/customers", customerJson(uniqueEmail("max-id"), "Ada"),
                HEADER, correlationId);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(metadata("customers", created.json().path("customerId").asString()).get(0)
                .path("correlationId").asString()).isEqualTo(correlationId);
    }

    @ParameterizedTest
    @ValueSource(ints = {129, 200})
    void aTooLongCorrelationIdIsRejectedAndNothingIsWritten(int length) {
        assertMalformedIdRejected("x".repeat(length));
    }

    @Test
    void aCorrelationIdWithSpacesIsRejectedAndNothingIsWritten() {
        assertMalformedIdRejected("has a space");
    }

    private void assertMalformedIdRejected(String correlationId) {
        String email = uniqueEmail("bad-id");

        Answer answer = testSubject.post("/api/customers", customerJson(email, "Ada"), HEADER, correlationId);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly(HEADER);
        assertThat(storedEvents.count("CustomerRegistered", email)).isZero();
    }

    private List<JsonNode> metadata(String kind, String id) {
        Answer events = testSubject.events(kind, id);
        assertThat(events.status()).as(events.body()).isEqualTo(200);
        List<JsonNode> metadata = new ArrayList<>();
        events.json().forEach(event -> metadata.add(event.path("metadata")));
        return metadata;
    }
}
