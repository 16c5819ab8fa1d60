package io.annals.app.product;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static io.annals.app.test.ApiClient.productJson;
import static io.annals.app.test.ApiClient.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

/** API.md "read-your-writes": {@code ?minVersion=N} answers a view at version N or later, or a 503 in time. */
@EndToEndTest
class ReadYourWritesTest {

    private final ApiClient testSubject;

    ReadYourWritesTest(@LocalServerPort int port) {
        testSubject = ApiClient.onPort(port);
    }

    @Test
    void aNewProductIsReadableRightAfterItsCreationWithMinVersionZero() {
        String sku = uniqueSku("fresh");
        assertThat(testSubject.post("/api/products", productJson(sku, "Fresh", 3, "1.00", "EUR")).status())
                .isEqualTo(201);

        Answer answer = testSubject.get("/api/products/" + sku + "?minVersion=0");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("available").asLong()).isEqualTo(3);
    }

    @Test
    void aRestockIsVisibleRightAfterItWithTheVersionItAnswered() {
        String sku = testSubject.registerProduct("ryw", 10);
        testSubject.restock(sku, 1);
        long version = testSubject.restock(sku, 5).json().path("version").asLong();

        Answer answer = testSubject.get("/api/products/" + sku + "?minVersion=" + version);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode product = answer.json();
        assertThat(product.path("version").asLong()).isGreaterThanOrEqualTo(version);
        assertThat(product.path("available").asLong()).isEqualTo(16);
    }

    @Test
    void aVersionThatIsNeverReachedAnswers503WithRetryAfter() {
        String sku = testSubject.registerProduct("never", 1);
        testSubject.productAtLeast(sku, 0);

        Answer answer = testSubject.get("/api/products/" + sku + "?minVersion=5");

        answer.assertProblem(503);
        assertThat(answer.header("Retry-After")).hasValueSatisfying(
                retryAfter -> assertThat(Long.parseLong(retryAfter)).isPositive());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "abc", "1.5", ""})
    void anInvalidMinVersionIsRejected(String minVersion) {
        String sku = testSubject.registerProduct("bad-min", 1);

        Answer answer = testSubject.get("/api/products/" + sku + "?minVersion=" + minVersion);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("minVersion");
    }
}
