package io.annals.app.batch;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.choreography.batch.DurableBatcher;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.annals.app.test.ApiClient.ADMIN;
import static io.annals.app.test.ApiClient.READER;
import static io.annals.app.test.ApiClient.WRITER;
import static io.annals.app.test.ApiClient.uniqueToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** API.md "operations": the durable batcher's state, for admins only. */
@EndToEndTest
class BatchAdminTest {

    private final ApiClient testSubject;
    private final DurableBatcher batcher;
    private final TransactionTemplate transaction;

    BatchAdminTest(@LocalServerPort int port, @Autowired DurableBatcher batcher,
                   @Autowired PlatformTransactionManager transactionManager) {
        testSubject = ApiClient.onPort(port).as(ADMIN);
        this.batcher = batcher;
        this.transaction = new TransactionTemplate(transactionManager);
    }

    @Test
    void anAdminSeesDeliveredBatchesPendingItemsAndProcessorsPerType() {
        String delivered = "admin-delivered-" + uniqueToken();
        String waiting = "admin-waiting-" + uniqueToken();
        AtomicInteger items = new AtomicInteger();
        batcher.registerProcessor(delivered, batch -> items.addAndGet(batch.items().size()));
        // one transaction of the application's transaction manager: both items become due together
        transaction.executeWithoutResult(status -> {
            batcher.add(delivered, "{\"n\": 1}", 0, Set.of());
            batcher.add(delivered, "{\"n\": 2}", 0, Set.of());
        });
        batcher.add(waiting, "{\"n\": 3}", 0, Set.of());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode status = status();
            assertThat(status.path("pendingByType").path(delivered).asLong(-1)).isZero();
            assertThat(status.path("byType").path(delivered).path("events").asLong()).isEqualTo(2);
        });

        JsonNode status = status();
        assertThat(items).hasValue(2);
        assertThat(status.path("totalBatches").asLong()).isPositive();
        assertThat(status.path("pendingByType").path(waiting).asLong()).isEqualTo(1);
        assertThat(processors(status)).contains(delivered).doesNotContain(waiting);
        JsonNode deliveredStats = status.path("byType").path(delivered);
        assertThat(deliveredStats.path("batches").asLong()).isEqualTo(1);
        assertThat(deliveredStats.path("avgBatchSize").asDouble()).isEqualTo(2.0);
        assertThat(deliveredStats.path("failures").asLong()).isZero();
        assertThat(status.path("parkedByType").isObject()).isTrue();
    }

    @Test
    void onlyAnAdminMaySeeTheBatches() {
        testSubject.as(WRITER).get("/api/admin/batches").assertProblem(403);
        testSubject.as(READER).get("/api/admin/batches").assertProblem(403);
        testSubject.anonymous().get("/api/admin/batches").assertProblem(401);
    }

    private JsonNode status() {
        Answer answer = testSubject.get("/api/admin/batches");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static List<String> processors(JsonNode status) {
        List<String> names = new ArrayList<>();
        status.path("processors").forEach(name -> names.add(name.asString()));
        return names;
    }
}
