package io.annals.app.security;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.ApiClient.Credentials;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import static io.annals.app.test.ApiClient.ADMIN;
import static io.annals.app.test.ApiClient.READER;
import static io.annals.app.test.ApiClient.WRITER;
import static io.annals.app.test.ApiClient.productJson;
import static io.annals.app.test.ApiClient.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

/** Who may call what (API.md "auth"): 401 without valid credentials, 403 for a role that is too small. */
@EndToEndTest
class AccessControlTest {

    private final ApiClient testSubject;

    AccessControlTest(@LocalServerPort int port) {
        testSubject = ApiClient.onPort(port);
    }

    // --- 401 ---

    @ParameterizedTest
    @ValueSource(strings = {"/api/products", "/api/admin/projections", "/actuator/prometheus", "/actuator/info"})
    void aCallWithoutCredentialsIsUnauthorized(String path) {
        Answer answer = testSubject.anonymous().get(path, "Accept", "text/html");

        answer.assertProblem(401);
        assertThat(answer.header("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
    }

    @Test
    void aCommandWithoutCredentialsIsUnauthorizedAndWritesNothing() {
        String sku = uniqueSku("anonymous");

        Answer answer = testSubject.anonymous()
                .post("/api/products", productJson(sku, "n", 1, "1.00", "EUR"));

        answer.assertProblem(401);
        assertThat(answer.header("WWW-Authenticate")).isPresent();
        testSubject.events(sku).assertProblem(404);
    }

    @Test
    void aWrongPasswordIsUnauthorized() {
        Answer answer = testSubject.as(new Credentials("writer", "not-the-password")).get("/api/products");

        answer.assertProblem(401);
        assertThat(answer.header("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
    }

    @Test
    void aWrongPasswordIsUnauthorizedEvenAfterTheRightOneWasAccepted() {
        assertThat(testSubject.as(READER).get("/api/products").status()).isEqualTo(200);

        testSubject.as(new Credentials("reader", "reader-pw-but-wrong")).get("/api/products").assertProblem(401);
    }

    @Test
    void anUnknownUserIsUnauthorized() {
        testSubject.as(new Credentials("mallory", "reader-pw")).get("/api/products").assertProblem(401);
    }

    // --- reader ---

    @Test
    void aReaderMayRead() {
        String sku = testSubject.registerProduct("readable", 1);
        testSubject.productAtLeast(sku, 0);

        assertThat(testSubject.as(READER).get("/api/products").status()).isEqualTo(200);
        assertThat(testSubject.as(READER).get("/api/products/" + sku).status()).isEqualTo(200);
        assertThat(testSubject.as(READER).get("/api/products/" + sku + "/events").status()).isEqualTo(200);
        assertThat(testSubject.as(READER).get("/api/products/" + sku + "/state?atVersion=0").status())
                .isEqualTo(200);
    }

    @Test
    void aReaderMayNotRegisterAProduct() {
        String sku = uniqueSku("by-reader");

        Answer answer = testSubject.as(READER).post("/api/products", productJson(sku, "n", 1, "1.00", "EUR"));

        answer.assertProblem(403);
        testSubject.events(sku).assertProblem(404);
    }

    @Test
    void aReaderMayNotRestock() {
        String sku = testSubject.registerProduct("restock-by-reader", 1);

        testSubject.as(READER).restock(sku, 5).assertProblem(403);

        assertThat(testSubject.events(sku).json()).hasSize(1);
    }

    // --- writer ---

    @Test
    void aWriterMayRegisterAndRestock() {
        String sku = uniqueSku("by-writer");

        assertThat(testSubject.as(WRITER).post("/api/products", productJson(sku, "n", 1, "1.00", "EUR")).status())
                .isEqualTo(201);
        assertThat(testSubject.as(WRITER).restock(sku, 5).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/admin/projections", "/api/admin/anything", "/actuator/prometheus",
            "/actuator/metrics", "/actuator/info"})
    void aWriterMayNotUseAdministration(String path) {
        testSubject.as(WRITER).get(path).assertProblem(403);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/admin/projections", "/actuator/prometheus"})
    void aReaderMayNotUseAdministration(String path) {
        testSubject.as(READER).get(path).assertProblem(403);
    }

    // --- admin ---

    @ParameterizedTest
    @ValueSource(strings = {"/api/admin/projections", "/api/admin/anything"})
    void anAdminPassesTheAdministrationGuard(String path) {
        assertThat(testSubject.as(ADMIN).get(path).status()).isNotIn(401, 403);
    }

    @Test
    void anAdminMayScrapePrometheus() {
        Answer answer = testSubject.as(ADMIN).get("/actuator/prometheus");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void anAdminMayDoWhatAWriterMay() {
        String sku = uniqueSku("by-admin");

        assertThat(testSubject.as(ADMIN).post("/api/products", productJson(sku, "n", 1, "1.00", "EUR")).status())
                .isEqualTo(201);
        assertThat(testSubject.as(ADMIN).get("/api/products").status()).isEqualTo(200);
    }

    // --- open ---

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness",
            "/v3/api-docs"})
    void healthAndTheApiDocumentAreOpenWithoutCredentials(String path) {
        Answer answer = testSubject.anonymous().get(path);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    @Test
    void healthReportsUp() {
        assertThat(testSubject.anonymous().get("/actuator/health").json().path("status").asString())
                .isEqualTo("UP");
    }

    @Test
    void theApiDocumentDescribesTheProductsApi() {
        Answer answer = testSubject.anonymous().get("/v3/api-docs");

        assertThat(answer.json().path("paths").has("/api/products")).as(answer.body()).isTrue();
    }

    @Test
    void swaggerUiIsOpenWithoutCredentials() {
        assertThat(testSubject.anonymous().get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
