package io.annals.app.web.lean;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

import static io.annals.app.test.ApiClient.customerJson;
import static io.annals.app.test.ApiClient.productJson;
import static io.annals.app.test.ApiClient.uniqueEmail;
import static io.annals.app.test.ApiClient.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lean request path (issue 17): plain requests to the hot endpoints are answered without Spring MVC, exactly as
 * the full path answers them, and every request it cannot answer so goes the full way and gets the contract's answer.
 * Which path answered is read from {@code annals.http.lean}; end-to-end tests run one at a time, so its deltas are
 * this test's own requests.
 */
@EndToEndTest
class LeanPathTest {

    /** Takes JSON as the plain requests do, but is not one of the two Accept values the lean path answers. */
    private static final String[] FULL_PATH = {"Accept", "application/json, */*"};

    /** Headers that differ between any two answers. */
    private static final Set<String> PER_ANSWER = Set.of("date", "x-correlation-id", "etag", "location");

    /** How a body is framed (Spring MVC streams it, the lean path knows its length), and Tomcat's keep-alive count. */
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection");

    private final ApiClient testSubject;

    LeanPathTest(@LocalServerPort int port) {
        testSubject = ApiClient.onPort(port);
    }

    /** The lean path serves only credentials verified lately; the first request of each verifies it. */
    @BeforeEach
    void credentialsVerified() {
        assertThat(testSubject.get("/api/products?size=1").status()).isEqualTo(200);
    }

    @Test
    void aPlainReadIsAnsweredOnTheLeanPathAsTheFullPathAnswersIt() {
        String sku = testSubject.registerProduct("lean-read", 7);
        testSubject.productAtLeast(sku, 0);

        Answer lean = onLeanPath(() -> testSubject.get("/api/products/" + sku));
        Answer full = onFullPath(() -> testSubject.get("/api/products/" + sku, FULL_PATH));

        assertSameAnswer(lean, full);
        assertThat(lean.status()).isEqualTo(200);
        assertThat(lean.header("ETag")).hasValue("\"0\"").isEqualTo(full.header("ETag"));
        assertThat(lean.json().path("available").asLong()).isEqualTo(7);
    }

    @Test
    void aPlainRestockIsAnsweredOnTheLeanPathAsTheFullPathAnswersIt() {
        String sku = testSubject.registerProduct("lean-restock", 1);

        Answer lean = onLeanPath(() -> testSubject.restock(sku, 2));
        Answer full = onFullPath(() -> testSubject.restock(sku, 3, FULL_PATH));

        assertSameHeaders(lean, full);
        assertThat(lean.status()).isEqualTo(200);
        assertThat(full.status()).isEqualTo(200);
        assertThat(lean.json().path("version").asLong()).isEqualTo(1);
        assertThat(lean.header("ETag")).hasValue("\"1\"");
        assertThat(full.json().path("version").asLong()).isEqualTo(2);
        assertThat(testSubject.productAtLeast(sku, 2).path("available").asLong()).isEqualTo(6);
    }

    @Test
    void aPlainCreationIsAnsweredOnTheLeanPathAsTheFullPathAnswersIt() {
        Answer lean = onLeanPath(() -> testSubject.post("/api/customers", customerJson(uniqueEmail("lean"), "Ada")));
        Answer full = onFullPath(() -> testSubject.post("/api/customers", customerJson(uniqueEmail("full"), "Bo"),
                FULL_PATH));

        assertSameHeaders(lean, full);
        assertThat(lean.status()).isEqualTo(201);
        String customerId = lean.json().path("customerId").asString();
        assertThat(lean.header("Location")).hasValue("/api/customers/" + customerId);
        assertThat(testSubject.customerAtLeast(customerId, 0).path("name").asString()).isEqualTo("Ada");
    }

    @Test
    void theHandlersRefusalsAreTheFullPathsProblems() {
        String sku = testSubject.registerProduct("lean-refused", 1);
        String missing = uniqueSku("lean-missing");

        Answer staleLean = onLeanPath(() -> testSubject.restock(sku, 1, "If-Match", "\"5\""));
        Answer staleFull = onFullPath(() -> testSubject.restock(sku, 1, "If-Match", "\"5\"", FULL_PATH[0],
                FULL_PATH[1]));
        double refusedBefore = refusedRestocks();
        Answer missingLean = onLeanPath(() -> testSubject.restock(missing, 1));
        Answer missingFull = onFullPath(() -> testSubject.restock(missing, 1, FULL_PATH));
        Answer takenLean = onLeanPath(() -> testSubject.post("/api/products", productJson(sku, "n", 1, "1.00", "EUR")));

        staleLean.assertProblem(409);
        assertSameAnswer(staleLean, staleFull);
        assertThat(staleLean.json().path("actualVersion").asLong()).isZero();
        missingLean.assertProblem(404);
        assertSameAnswer(missingLean, missingFull);
        assertThat(refusedRestocks() - refusedBefore).as("an answered refusal is no exception, as in Spring MVC")
                .isEqualTo(2);
        takenLean.assertProblem(409);
        assertThat(testSubject.productAtLeast(sku, 0).path("version").asLong()).isZero();
    }

    @Test
    void aBodyThatDoesNotParseOrValidateGoesTheFullWayAndWritesNothing() {
        String sku = testSubject.registerProduct("lean-bad-body", 1);

        onFullPath(() -> testSubject.restock(sku, 0)).assertProblem(400);
        onFullPath(() -> testSubject.post("/api/products/" + sku + "/restock", "{\"quantity\": \"2\"}"))
                .assertProblem(400);
        onFullPath(() -> testSubject.post("/api/products/" + sku + "/restock", "{\"quantity\": 2")).assertProblem(400);
        onFullPath(() -> testSubject.post("/api/products/" + sku + "/restock", "{\"quantity\": 2}",
                "Content-Type", "text/plain")).assertProblem(415);

        assertThat(testSubject.events(sku).json().size()).isEqualTo(1);
    }

    @Test
    void requestsTheSecurityRulesRefuseGoTheFullWay() {
        String sku = testSubject.registerProduct("lean-security", 1);

        onFullPath(() -> testSubject.anonymous().restock(sku, 1)).assertProblem(401);
        onFullPath(() -> testSubject.as(new ApiClient.Credentials("writer", "wrong")).restock(sku, 1))
                .assertProblem(401);
        onFullPath(() -> testSubject.as(ApiClient.READER).restock(sku, 1)).assertProblem(403);
        onFullPath(() -> testSubject.anonymous().get("/api/products/" + sku)).assertProblem(401);

        assertThat(testSubject.events(sku).json().size()).isEqualTo(1);
    }

    @Test
    void requestsThatOtherFiltersOrConditionsShapeGoTheFullWay() {
        String sku = testSubject.registerProduct("lean-others", 1);
        testSubject.productAtLeast(sku, 0);

        Answer notModified = onFullPath(() -> testSubject.get("/api/products/" + sku, "If-None-Match", "\"0\""));
        Answer malformedId = onFullPath(() -> testSubject.restock(sku, 1, "X-Correlation-Id", "has space"));
        Answer idempotent = onFullPath(() -> testSubject.post("/api/customers", customerJson(uniqueEmail("key"), "K"),
                "Idempotency-Key", UUID.randomUUID().toString()));
        Answer yaml = onFullPath(() -> testSubject.get("/api/products/" + sku, "Accept", "application/yaml"));
        String dotted = testSubject.registerProduct("lean.dot", 1);
        testSubject.productAtLeast(dotted, 0);
        Answer extension = onFullPath(() -> testSubject.get("/api/products/" + dotted));

        assertThat(notModified.status()).isEqualTo(304);
        malformedId.assertProblem(400);
        assertThat(idempotent.status()).isEqualTo(201);
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.contentType()).startsWith("application/yaml");
        assertThat(extension.status()).isEqualTo(200);
        assertThat(extension.header("Content-Disposition")).as("Spring MVC's guard against reflected file downloads")
                .hasValue("inline;filename=f.txt");
    }

    @Test
    void aLeanRequestKeepsItsCorrelationIdAndIsTimedUnderItsRoute() {
        String sku = testSubject.registerProduct("lean-lineage", 1);
        String correlationId = "lean-" + UUID.randomUUID();
        double timed = timedRestocks();

        Answer restocked = onLeanPath(() -> testSubject.restock(sku, 1, "X-Correlation-Id", correlationId));

        assertThat(restocked.header("X-Correlation-Id")).hasValue(correlationId);
        JsonNode events = testSubject.events(sku).json();
        assertThat(events.get(events.size() - 1).path("metadata").path("correlationId").asString())
                .isEqualTo(correlationId);
        assertThat(timedRestocks()).isEqualTo(timed + 1);
    }

    private double refusedRestocks() {
        return testSubject.metric("http_server_requests_seconds_count", "uri", "/api/products/{sku}/restock",
                "status", "404", "exception", "none");
    }

    private double timedRestocks() {
        return testSubject.metric("http_server_requests_seconds_count", "uri", "/api/products/{sku}/restock",
                "status", "200");
    }

    private Answer onLeanPath(Supplier<Answer> request) {
        return answeredOn("lean", request);
    }

    private Answer onFullPath(Supplier<Answer> request) {
        return answeredOn("full", request);
    }

    private Answer answeredOn(String path, Supplier<Answer> request) {
        double lean = answered("lean");
        double full = answered("full");
        Answer answer = request.get();
        assertThat(answered("lean") - lean).as("answered on the lean path: %s", answer.body())
                .isEqualTo(path.equals("lean") ? 1 : 0);
        assertThat(answered("full") - full).as("answered on the full path: %s", answer.body())
                .isEqualTo(path.equals("full") ? 1 : 0);
        return answer;
    }

    private double answered(String path) {
        return testSubject.metric("annals_http_lean_total", "path", path);
    }

    private static void assertSameAnswer(Answer lean, Answer full) {
        assertSameHeaders(lean, full);
        assertThat(lean.status()).isEqualTo(full.status());
        assertThat(lean.json()).isEqualTo(full.json());
    }

    private static void assertSameHeaders(Answer lean, Answer full) {
        assertThat(headers(lean)).isEqualTo(headers(full));
        assertThat(lean.header("X-Correlation-Id")).isPresent();
    }

    private static Map<String, Object> headers(Answer answer) {
        Map<String, Object> headers = new TreeMap<>();
        answer.headers().map().forEach((name, values) -> {
            String key = name.toLowerCase();
            if (!FRAMING.contains(key)) {
                headers.put(key, PER_ANSWER.contains(key) ? "(present)" : values);
            }
        });
        return headers;
    }
}
