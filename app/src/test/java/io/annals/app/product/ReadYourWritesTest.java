package io.annals.app.product;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.Parallel;
import io.annals.query.consistency.ReadYourWrites;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.annals.app.test.ApiClient.READER;
import static io.annals.app.test.ApiClient.productJson;
import static io.annals.app.test.ApiClient.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * API.md "read-your-writes": {@code ?minVersion=N} answers a view at version N or later, or a 503 in time; and
 * (ARCHITECTURE.md) no client input grows memory or holds a thread without bound.
 */
@EndToEndTest
class ReadYourWritesTest {

    private final ApiClient testSubject;
    private final ReadYourWrites readYourWrites;

    ReadYourWritesTest(@LocalServerPort int port, @Autowired ReadYourWrites readYourWrites) {
        testSubject = ApiClient.onPort(port);
        this.readYourWrites = readYourWrites;
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

    // --- bounds: ids come from the URL ---

    @ParameterizedTest
    @ValueSource(strings = {"products", "customers", "orders"})
    void aMinVersionReadOfAnIdThatNeverExistedIsNotFoundAtOnce(String kind) {
        String neverWritten = kind.equals("products") ? uniqueSku("never") : UUID.randomUUID().toString();

        // a wait would end in a 503 after the consistency timeout
        testSubject.as(READER).get("/api/" + kind + "/" + neverWritten + "?minVersion=0").assertProblem(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/products/has%20space",
            "/api/products/sku-longer-than-64-characters-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "/api/customers/not-a-uuid", "/api/orders/12345", "/api/orders/0b9f5c2e-5d0e-4a4b-9a57-0d6b3c1f2a7e-x"})
    void aMinVersionReadOfAnIdThatCannotExistIsNotFoundAtOnce(String path) {
        testSubject.as(READER).get(path + "?minVersion=1").assertProblem(404);
        testSubject.as(READER).get(path).assertProblem(404);
    }

    @Test
    void thousandsOfMinVersionReadsOfIdsThatNeverExistLeaveNoWaiterBehind() throws Exception {
        ApiClient reader = testSubject.as(READER);

        List<Integer> statuses = Parallel.gather(16, () -> {
            List<Integer> answers = new ArrayList<>();
            for (int i = 0; i < 125; i++) {
                String path = switch (i % 3) {
                    case 0 -> "/api/products/" + uniqueSku("never");
                    case 1 -> "/api/customers/" + UUID.randomUUID();
                    default -> "/api/orders/" + UUID.randomUUID();
                };
                answers.add(reader.get(path + "?minVersion=" + i).status());
            }
            return answers;
        });

        assertThat(statuses).hasSize(2_000).containsOnly(404);
        assertThat(readYourWrites.waitedIds()).isZero();
        assertThat(readYourWrites.waitingReads()).isZero();
    }

    @Test
    void waitsThatTimeOutLeaveNoWaiterBehind() throws Exception {
        String sku = testSubject.registerProduct("timeout", 1);
        testSubject.productAtLeast(sku, 0);

        List<Answer> answers = Parallel.atOnce(6, () -> testSubject.as(READER)
                .get("/api/products/" + sku + "?minVersion=9"));

        answers.forEach(answer -> answer.assertProblem(503));
        assertThat(readYourWrites.waitedIds()).isZero();
        assertThat(readYourWrites.waitingReads()).isZero();
    }
}
