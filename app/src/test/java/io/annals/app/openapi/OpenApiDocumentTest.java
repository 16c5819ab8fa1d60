package io.annals.app.openapi;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAPI document as Swagger UI shows it (issue 18): named and versioned, HTTP Basic so that Authorize works,
 * one capability tag per operation, and API.md's conventions (problem+json errors, If-Match, Idempotency-Key, ETag,
 * minVersion, X-Correlation-Id, an example body per command) described by the controllers' annotations.
 */
@EndToEndTest
class OpenApiDocumentTest {

    private static final List<String> CAPABILITY_TAGS = List.of("Products", "Customers", "Orders",
            "History and temporal", "Intake", "Operations", "Sandbox");
    private static final List<String> CREATING_POSTS = List.of("/api/products", "/api/customers", "/api/orders");
    private static final List<String> UPDATES = List.of("PUT /api/customers/{customerId}",
            "DELETE /api/customers/{customerId}", "POST /api/products/{sku}/restock", "POST /api/orders/{orderId}/cancel");
    private static final List<String> SINGLE_READS = List.of("GET /api/customers/{customerId}",
            "GET /api/products/{sku}", "GET /api/orders/{orderId}");
    private static final String PROBLEM_JSON = "application/problem+json";

    /** One operation of the document: {@code method} in upper case as API.md writes it. */
    private record Op(String method, String path, JsonNode node) {

        String name() {
            return method + " " + path;
        }

        JsonNode header(String name) {
            for (JsonNode parameter : node.path("parameters")) {
                if ("header".equals(parameter.path("in").asString()) && name.equals(parameter.path("name").asString())) {
                    return parameter;
                }
            }
            return null;
        }

        JsonNode parameter(String name) {
            for (JsonNode parameter : node.path("parameters")) {
                if (name.equals(parameter.path("name").asString())) {
                    return parameter;
                }
            }
            return null;
        }

        JsonNode response(String status) {
            return node.path("responses").path(status);
        }

        @Override
        public String toString() {
            return name();
        }
    }

    private final ApiClient client;
    private final BuildProperties build;
    private JsonNode document;
    private List<Op> operations;

    OpenApiDocumentTest(@LocalServerPort int port, @Autowired BuildProperties build) {
        this.client = ApiClient.onPort(port);
        this.build = build;
    }

    @BeforeEach
    void readTheDocumentWithoutCredentials() {
        Answer answer = client.anonymous().get("/v3/api-docs");
        assertThat(answer.status()).as("open without credentials: %s", answer.body()).isEqualTo(200);
        document = answer.json();
        operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                operations.add(new Op(method.getKey().toUpperCase(), path.getKey(), method.getValue()));
            }
        }
        assertThat(operations).extracting(Op::name).contains("POST /api/orders", "GET /api/admin/projections");
    }

    @Test
    void theDocumentIsAnnalsAtTheBuiltVersionAndPointsToTheReadme() {
        assertThat(document.path("info").path("title").asString()).isEqualTo("Annals");
        assertThat(build.getVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(document.path("info").path("version").asString()).isEqualTo(build.getVersion());
        assertThat(document.path("info").path("description").asString()).contains("README");
    }

    @Test
    void httpBasicIsTheSecuritySchemeAndEveryOperationNeedsIt() {
        JsonNode scheme = document.path("components").path("securitySchemes").path("basicAuth");
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("basic");
        assertThat(document.path("security")).as("global security requirement").hasSize(1);
        assertThat(document.path("security").get(0).has("basicAuth")).isTrue();
        assertThat(operations).as("no operation drops the requirement")
                .allSatisfy(op -> assertThat(op.node().has("security")).as(op.name()).isFalse());
    }

    @Test
    void everyOperationCarriesExactlyOneCapabilityTag() {
        List<String> declared = new ArrayList<>();
        document.path("tags").forEach(tag -> declared.add(tag.path("name").asString()));
        assertThat(declared).containsExactlyElementsOf(CAPABILITY_TAGS);
        assertThat(operations).allSatisfy(op -> {
            assertThat(op.node().path("tags")).as("tags of %s", op.name()).hasSize(1);
            String tag = op.node().path("tags").get(0).asString();
            assertThat(tag).as("tag of %s", op.name()).isIn(CAPABILITY_TAGS).doesNotEndWith("-controller");
            assertThat(op.node().path("summary").asString()).as("summary of %s", op.name()).isNotBlank();
        });
    }

    @Test
    void theCapabilitiesAreTaggedAsApiMdGroupsThem() {
        Map<String, String> expected = Map.of("POST /api/customers", "Customers", "GET /api/customers/search",
                "Customers", "POST /api/products/{sku}/restock", "Products", "GET /api/orders/{orderId}", "Orders",
                "GET /api/{kind}/{id}/state", "History and temporal", "GET /api/admin/dead-letters", "Operations",
                "POST /api/admin/circuits/{name}/reset", "Operations", "PUT /api/admin/sandbox/{provider}", "Sandbox");
        expected.forEach((name, tag) -> assertThat(operation(name).node().path("tags").get(0).asString())
                .as(name).isEqualTo(tag));
    }

    @Test
    void creatingPostsTakeAnIdempotencyKeyAndAnswer201WithETagAndLocation() {
        for (String path : CREATING_POSTS) {
            Op op = operation("POST " + path);
            JsonNode key = op.header("Idempotency-Key");
            assertThat(key).as("Idempotency-Key of %s", op.name()).isNotNull();
            assertThat(key.path("schema").path("maxLength").asInt()).isEqualTo(200);
            assertThat(op.response("201").path("headers").has("ETag")).as("ETag of %s", op.name()).isTrue();
            assertThat(op.response("201").path("headers").has("Location")).as("Location of %s", op.name()).isTrue();
            assertThat(op.node().path("responses").has("200")).as("%s answers 201, not 200", op.name()).isFalse();
            assertThat(op.response("422").path("content").has(PROBLEM_JSON)).as("422 of %s", op.name()).isTrue();
            assertThat(op.response("409").path("content").has(PROBLEM_JSON)).as("409 of %s", op.name()).isTrue();
        }
    }

    @Test
    void updatesTakeIfMatchAndAnswerTheNewETag() {
        for (String name : UPDATES) {
            Op op = operation(name);
            JsonNode ifMatch = op.header("If-Match");
            assertThat(ifMatch).as("If-Match of %s", name).isNotNull();
            assertThat(ifMatch.path("description").asString()).as("If-Match of %s", name).contains("409");
            assertThat(op.response("200").path("headers").has("ETag")).as("ETag of %s", name).isTrue();
            assertThat(op.response("409").path("description").asString()).as("409 of %s", name)
                    .contains("expectedVersion");
        }
    }

    @Test
    void singleReadsTakeMinVersionAndMayAnswer503WithRetryAfter() {
        for (String name : SINGLE_READS) {
            Op op = operation(name);
            assertThat(op.parameter("minVersion").path("description").asString()).as(name).contains("503");
            assertThat(op.response("200").path("headers").has("ETag")).as("ETag of %s", name).isTrue();
            assertThat(op.response("503").path("headers").has("Retry-After")).as("503 of %s", name).isTrue();
        }
        assertThat(operation("GET /api/products").node().path("responses").has("503")).isFalse();
    }

    @Test
    void everyErrorAnswerIsProblemJson() {
        JsonNode problem = document.path("components").path("schemas").path("ProblemDetail");
        assertThat(problem.path("properties").has("errors")).as("ProblemDetail schema: %s", problem).isTrue();
        assertThat(operations).allSatisfy(op -> {
            assertThat(op.node().path("responses").has("401")).as("401 of %s", op.name()).isTrue();
            assertThat(op.node().path("responses").has("403")).as("403 of %s", op.name()).isTrue();
            assertThat(op.node().path("responses").has("400")).as("400 of %s", op.name()).isTrue();
            if (op.path().contains("{")) {
                assertThat(op.node().path("responses").has("404")).as("404 of %s", op.name()).isTrue();
            }
            if (op.node().has("requestBody")) {
                assertThat(op.node().path("responses").has("413")).as("413 of %s", op.name()).isTrue();
                assertThat(op.node().path("responses").has("415")).as("415 of %s", op.name()).isTrue();
            }
            for (Map.Entry<String, JsonNode> response : op.node().path("responses").properties()) {
                JsonNode content = response.getValue().path("content");
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    assertThat(content.propertyNames()).as("%s of %s", response.getKey(), op.name())
                            .containsExactly(PROBLEM_JSON);
                    assertThat(content.path(PROBLEM_JSON).path("schema").path("$ref").asString())
                            .isEqualTo("#/components/schemas/ProblemDetail");
                } else {
                    assertThat(content.propertyNames()).as("%s of %s", response.getKey(), op.name())
                            .doesNotContain("*/*");
                }
            }
        });
    }

    @Test
    void everyOperationTakesACorrelationId() {
        assertThat(operations).allSatisfy(op ->
                assertThat(op.header("X-Correlation-Id")).as("X-Correlation-Id of %s", op.name()).isNotNull());
    }

    @Test
    void everyCommandShowsAnExampleBody() {
        List<Op> commands = operations.stream().filter(op -> op.node().has("requestBody")).toList();
        assertThat(commands).extracting(Op::name).contains("POST /api/orders", "PUT /api/customers/{customerId}");
        assertThat(commands).allSatisfy(op -> {
            JsonNode json = op.node().path("requestBody").path("content").path("application/json");
            assertThat(json.path("schema").isMissingNode()).as("schema of %s", op.name()).isFalse();
            assertThat(json.path("example").isObject()).as("example of %s: %s", op.name(), json).isTrue();
        });
    }

    private Op operation(String name) {
        return operations.stream().filter(op -> op.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no operation " + name + " in the document"));
    }
}
