package io.annals.app.provider;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.annals.app.test.ApiClient.ADMIN;
import static io.annals.app.test.ApiClient.READER;
import static io.annals.app.test.ApiClient.WRITER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md "operations": the sandbox providers' settings. The context is shared by every end-to-end test, so each test
 * here puts the settings back to the defaults.
 */
@EndToEndTest
class SandboxAdminTest {

    private static final String SHIPPING = "/api/admin/sandbox/shipping";
    private static final String DEFAULTS = "{\"failureRate\": 0, \"latencyMs\": 0}";
    private static final String CHARGE =
            "{\"paymentId\": \"p\", \"orderId\": \"o\", \"amount\": {\"amount\": \"1.00\", \"currency\": \"EUR\"}}";

    private final ApiClient admin;

    SandboxAdminTest(@LocalServerPort int port) {
        admin = ApiClient.onPort(port).as(ADMIN);
    }

    @AfterEach
    void restoreDefaults() {
        for (String provider : new String[]{"payment", "shipping", "notification"}) {
            assertThat(admin.put("/api/admin/sandbox/" + provider, DEFAULTS).status()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"payment", "shipping", "notification"})
    void everyProviderStartsWithoutFailuresOrLatency(String provider) {
        Answer answer = admin.get("/api/admin/sandbox/" + provider);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("failureRate").asDouble()).isZero();
        assertThat(answer.json().path("latencyMs").asLong()).isZero();
    }

    @Test
    void theSettingsCanBeChangedAndAreReadBack() {
        Answer put = admin.put(SHIPPING, "{\"failureRate\": 0.25, \"latencyMs\": 15}");

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("failureRate").asDouble()).isEqualTo(0.25);
        assertThat(put.json().path("latencyMs").asLong()).isEqualTo(15);
        JsonNode read = admin.get(SHIPPING).json();
        assertThat(read.path("failureRate").asDouble()).isEqualTo(0.25);
        assertThat(read.path("latencyMs").asLong()).isEqualTo(15);
        assertThat(admin.get("/api/admin/sandbox/payment").json().path("latencyMs").asLong()).isZero();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"failureRate": 1.5, "latencyMs": 0}     | failureRate
            {"failureRate": -0.1, "latencyMs": 0}    | failureRate
            {"failureRate": "0.5", "latencyMs": 0}   | failureRate
            {"latencyMs": 0}                         | failureRate
            {"failureRate": 0.5, "latencyMs": -1}    | latencyMs
            {"failureRate": 0.5, "latencyMs": 2.5}   | latencyMs
            {"failureRate": 0.5, "latencyMs": "10"}  | latencyMs
            {"failureRate": 0.5}                     | latencyMs
            """)
    void invalidSettingsAreRejectedNamingTheFieldAndChangeNothing(String body, String field) {
        Answer answer = admin.put(SHIPPING, body);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).contains(field);
        assertThat(admin.get(SHIPPING).json().path("failureRate").asDouble()).isZero();
        assertThat(admin.get(SHIPPING).json().path("latencyMs").asLong()).isZero();
    }

    @Test
    void anUnknownProviderIsNotFound() {
        admin.get("/api/admin/sandbox/billing").assertProblem(404);
        admin.put("/api/admin/sandbox/billing", DEFAULTS).assertProblem(404);
    }

    @Test
    void onlyAdminsMaySeeOrChangeTheSandbox() {
        ApiClient writer = admin.as(WRITER);

        writer.get(SHIPPING).assertProblem(403);
        writer.put(SHIPPING, "{\"failureRate\": 1, \"latencyMs\": 0}").assertProblem(403);
        admin.anonymous().get(SHIPPING).assertProblem(401);
        assertThat(admin.get(SHIPPING).json().path("failureRate").asDouble()).isZero();
    }

    @Test
    void theSandboxProvidersNeedAnAuthenticatedCaller() {
        Answer anonymous = admin.anonymous().post("/sandbox/payment/charges", CHARGE,
                "Idempotency-Key", "anonymous-charge");

        anonymous.assertProblem(401);
    }

    @Test
    void theSandboxProvidersRefuseAReader() {
        admin.as(READER).post("/sandbox/payment/charges", CHARGE, "Idempotency-Key", "reader-charge")
                .assertProblem(403);
    }

    @Test
    void theSandboxAnswersARepeatedKeyWithTheFirstAnswer() {
        ApiClient writer = admin.as(WRITER);
        String key = "repeat-" + ApiClient.uniqueToken();
        String body = "{\"shipmentId\": \"" + key + "\", \"orderId\": \"o\", \"address\": " + ApiClient.ADDRESS
                + ", \"lines\": [{\"sku\": \"TEA-1\", \"quantity\": 1}]}";

        Answer first = writer.post("/sandbox/shipping/shipments", body, "Idempotency-Key", key);
        Answer again = writer.post("/sandbox/shipping/shipments", body, "Idempotency-Key", key);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(first.json().path("trackingNumber").asString()).isNotBlank();
        assertThat(again.json().path("trackingNumber").asString())
                .isEqualTo(first.json().path("trackingNumber").asString());
    }

    @Test
    void aSandboxKeyOverTwoHundredCharactersIsRefusedNamingTheHeader() {
        ApiClient writer = admin.as(WRITER);
        String tooLong = "k".repeat(201);

        Answer answer = writer.post("/sandbox/payment/charges", CHARGE, "Idempotency-Key", tooLong);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("Idempotency-Key");
    }

    @Test
    void aSandboxKeyOfTwoHundredCharactersIsServed() {
        String token = ApiClient.uniqueToken();
        String longest = token + "k".repeat(200 - token.length());

        Answer answer = admin.as(WRITER).post("/sandbox/payment/charges", CHARGE, "Idempotency-Key", longest);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }
}
