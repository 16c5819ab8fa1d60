package io.annals.app.product;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.Instances;
import io.annals.query.consistency.ReadYourWrites;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.annals.app.test.ApiClient.READER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code annals.query.max-waiting-reads}: beyond the bound a {@code minVersion} read is refused at once with 503 and
 * Retry-After instead of holding one more request thread. An instance of its own, with a bound of 2 and a long
 * consistency timeout, so that the two waiting reads surely still wait while the third is refused.
 */
class WaitingReadsBoundTest {

    private static ConfigurableApplicationContext instance;
    private static ApiClient client;
    private static ReadYourWrites readYourWrites;

    @BeforeAll
    static void start() {
        instance = Instances.start("--annals.query.max-waiting-reads=2", "--annals.query.consistency-timeout=60s");
        client = ApiClient.of(instance);
        readYourWrites = instance.getBean(ReadYourWrites.class);
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    @Test
    void beyondTheBoundAWaitingReadIsRefusedAtOnceWith503AndRetryAfter() throws Exception {
        String sku = client.registerProduct("bound", 1);
        client.productAtLeast(sku, 0);
        ApiClient reader = client.as(READER);
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            Future<Answer> first = clients.submit(() -> reader.get("/api/products/" + sku + "?minVersion=1"));
            Future<Answer> second = clients.submit(() -> reader.get("/api/products/" + sku + "?minVersion=1"));
            await().until(() -> readYourWrites.waitingReads() == 2);

            Answer refused = reader.get("/api/products/" + sku + "?minVersion=1");

            assertThat(refused.assertProblem(503).path("type").asString()).endsWith("/too-many-waiting-reads");
            assertThat(refused.header("Retry-After")).hasValueSatisfying(
                    retryAfter -> assertThat(Long.parseLong(retryAfter)).isPositive());
            assertThat(readYourWrites.waitingReads()).as("refused while the others still wait").isEqualTo(2);

            assertThat(client.restock(sku, 1).status()).isEqualTo(200);
            assertThat(first.get(30, TimeUnit.SECONDS).json().path("version").asLong()).isEqualTo(1);
            assertThat(second.get(30, TimeUnit.SECONDS).json().path("version").asLong()).isEqualTo(1);
            assertThat(readYourWrites.waitingReads()).isZero();
            assertThat(readYourWrites.waitedIds()).isZero();
        } finally {
            clients.shutdownNow();
        }
    }
}
