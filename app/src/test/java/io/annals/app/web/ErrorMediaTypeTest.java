package io.annals.app.web;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpRequest.BodyPublishers;

import static io.annals.app.test.ApiClient.productJson;
import static io.annals.app.test.ApiClient.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

/** API.md: every error answer is application/problem+json, whatever Accept the client sent. */
@EndToEndTest
class ErrorMediaTypeTest {

    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml;q=0.9";

    private final ApiClient testSubject;

    ErrorMediaTypeTest(@LocalServerPort int port) {
        testSubject = ApiClient.onPort(port);
    }

    @Test
    void anUnknownApiRouteIsNotFoundAsProblemJson() {
        testSubject.get("/api/no-such-collection", "Accept", BROWSER_ACCEPT).assertProblem(404);
    }

    @Test
    void anUnknownRouteOutsideTheApiIsNotFoundAsProblemJson() {
        testSubject.get("/no-such-page", "Accept", BROWSER_ACCEPT).assertProblem(404);
    }

    @Test
    void anUnknownEntityIsNotFoundAsProblemJsonForABrowser() {
        testSubject.get("/api/products/" + uniqueSku("missing"), "Accept", BROWSER_ACCEPT).assertProblem(404);
    }

    @Test
    void aWrongMethodIsNotAllowedAsProblemJson() {
        Answer answer = testSubject.send("DELETE", "/api/products", BodyPublishers.noBody(), "Accept", BROWSER_ACCEPT);

        answer.assertProblem(405);
        assertThat(answer.header("Allow")).isPresent();
    }

    @Test
    void aWrongMethodOnAnEntityIsNotAllowedAsProblemJson() {
        String sku = testSubject.registerProduct("put", 1);

        testSubject.send("PUT", "/api/products/" + sku, BodyPublishers.ofString("{}"),
                "Content-Type", "application/json", "Accept", BROWSER_ACCEPT).assertProblem(405);
    }

    @Test
    void aWrongContentTypeIsUnsupportedAsProblemJsonAndWritesNothing() {
        String sku = uniqueSku("form");

        Answer answer = testSubject.post("/api/products", productJson(sku, "n", 1, "1.00", "EUR"),
                "Content-Type", "text/plain", "Accept", BROWSER_ACCEPT);

        answer.assertProblem(415);
        testSubject.events(sku).assertProblem(404);
    }

    @Test
    void aFormPostIsUnsupportedAsProblemJson() {
        testSubject.post("/api/products", "sku=x&name=y",
                "Content-Type", "application/x-www-form-urlencoded", "Accept", BROWSER_ACCEPT).assertProblem(415);
    }

    @Test
    void anUnacceptableMediaTypeIsAnsweredAsProblemJson() {
        String sku = testSubject.registerProduct("xml", 1);
        testSubject.productAtLeast(sku, 0);

        testSubject.get("/api/products/" + sku, "Accept", "application/xml").assertProblem(406);
    }

    @Test
    void aValidationErrorIsProblemJsonForABrowser() {
        testSubject.get("/api/products?size=0", "Accept", BROWSER_ACCEPT).assertProblem(400);
    }

    @Test
    void aConflictIsProblemJsonForABrowser() {
        String sku = testSubject.registerProduct("conflict", 1);

        testSubject.restock(sku, 1, "If-Match", "\"5\"", "Accept", BROWSER_ACCEPT).assertProblem(409);
    }

    @Test
    void anOversizedBodyIsProblemJsonForABrowser() {
        testSubject.post("/api/products", "x".repeat(1024 * 1024 + 1), "Accept", BROWSER_ACCEPT)
                .assertProblem(413);
    }

    @Test
    void aForbiddenCallIsProblemJsonForABrowser() {
        testSubject.as(ApiClient.READER).post("/api/products", "{}", "Accept", BROWSER_ACCEPT).assertProblem(403);
    }

    // --- errors outside Spring MVC (filters, the container's error page): see FaultyFilter ---

    @ParameterizedTest
    @ValueSource(strings = {BROWSER_ACCEPT, "application/json", "*/*"})
    void anExceptionThrownByAFilterIsAnInternalErrorAsProblemJson(String accept) {
        Answer answer = testSubject.get(FaultyFilter.ROOT + "throw", "Accept", accept);

        assertThat(answer.assertProblem(500).path("type").asString()).endsWith("/internal-error");
        assertThat(answer.body()).doesNotContain(FaultyFilter.SECRET, "IllegalState", "trace");
    }

    @Test
    void anErrorSentByAFilterIsProblemJsonWithoutItsMessage() {
        Answer answer = testSubject.get(FaultyFilter.ROOT + "send-error", "Accept", BROWSER_ACCEPT);

        answer.assertProblem(400);
        assertThat(answer.body()).doesNotContain(FaultyFilter.SECRET);
    }

    @Test
    void aChunkedBodyReadThroughGetReaderIsCutAtOneMebibyteWith413() {
        String body = "x".repeat(1024 * 1024 + 1);

        // from a publisher of unknown length: sent chunked, so no Content-Length tells the size in advance
        Answer answer = testSubject.send("POST", FaultyFilter.ROOT + "read",
                BodyPublishers.fromPublisher(BodyPublishers.ofString(body)),
                "Content-Type", "text/plain", "Accept", BROWSER_ACCEPT);

        answer.assertProblem(413);
    }

    @Test
    void aBodyReadThroughGetReaderWithinTheLimitIsRead() {
        Answer answer = testSubject.send("POST", FaultyFilter.ROOT + "read",
                BodyPublishers.fromPublisher(BodyPublishers.ofString("x".repeat(1024 * 1024))),
                "Content-Type", "text/plain");

        assertThat(answer.status()).as(answer.body()).isEqualTo(204);
    }

    @Test
    void theErrorPageCalledDirectlyIsNotFoundAsProblemJson() {
        testSubject.get("/error", "Accept", BROWSER_ACCEPT).assertProblem(404);
    }

    @Test
    void theErrorPageIsNoPartOfTheApiDocument() {
        Answer answer = testSubject.anonymous().get("/v3/api-docs");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("paths").has("/error")).as(answer.body()).isFalse();
    }
}
