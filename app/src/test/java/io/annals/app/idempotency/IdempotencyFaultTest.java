package io.annals.app.idempotency;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.StoredEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.annals.app.test.ApiClient.customerJson;
import static io.annals.app.test.ApiClient.line;
import static io.annals.app.test.ApiClient.orderJson;
import static io.annals.app.test.ApiClient.productJson;
import static io.annals.app.test.ApiClient.uniqueEmail;
import static io.annals.app.test.ApiClient.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Idempotency-Key's first answer is committed with the creation's events (API.md: a repeat "never creates a
 * second entity"): a request that fails after its command committed is answered on retry with the entity it
 * created; an answer whose events were not committed is not remembered either; and of a request presumed dead and
 * the repeat that took its key over, only the repeat, which holds the key now, creates the entity.
 */
@EndToEndTest
class IdempotencyFaultTest {

    private static final String KEY = "Idempotency-Key";

    private final ApiClient testSubject;
    private final StoredEvents storedEvents;
    private final JdbcTemplate jdbc;
    private final IdempotencyFaults faults;

    IdempotencyFaultTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc, @Autowired IdempotencyFaults faults) {
        this.testSubject = ApiClient.onPort(port);
        this.storedEvents = new StoredEvents(jdbc);
        this.jdbc = jdbc;
        this.faults = faults;
    }

    @Test
    void anOrderWhoseAnswerWasLostAfterItsCommitIsAnsweredOnRetryAndPlacedOnce() {
        String customerId = testSubject.registerCustomer(uniqueEmail("lost-answer"), "Buyer");
        String key = newKey();
        String body = order(customerId);
        faults.failAfterCommand(key);

        Answer failed = testSubject.post("/api/orders", body, KEY, key);
        Answer retry = testSubject.post("/api/orders", body, KEY, key);

        failed.assertProblem(500);
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).contains("true");
        String orderId = retry.json().path("orderId").asString();
        assertThat(retry.header("Location")).contains("/api/orders/" + orderId);
        assertThat(retry.header("ETag")).contains("\"0\"");
        assertThat(storedEvents.count("OrderPlaced", customerId)).isEqualTo(1);
        assertThat(storedEvents.count("OrderPlaced", orderId)).isEqualTo(1);
        assertThat(testSubject.orderAtLeast(orderId, 0).path("customerId").asString()).isEqualTo(customerId);
        assertThat(answerInEventMetadata(orderId)).as("the answer travels with the command, not into its events")
                .isZero();
    }

    @Test
    void aRegistrationWhoseAnswerWasLostIsAnsweredOnRetryInsteadOfAConflictWithItself() {
        String email = uniqueEmail("lost-answer");
        String key = newKey();
        String body = customerJson(email, "Ada");
        faults.failAfterCommand(key);

        Answer failed = testSubject.post("/api/customers", body, KEY, key);
        Answer retry = testSubject.post("/api/customers", body, KEY, key);

        failed.assertProblem(500);
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        String customerId = retry.json().path("customerId").asString();
        assertThat(testSubject.customerAtLeast(customerId, 0).path("email").asString()).isEqualTo(email);
        assertThat(storedEvents.count("CustomerRegistered", email)).isEqualTo(1);
    }

    @Test
    void anAnswerWhoseEventsFailedToCommitIsNotRemembered() {
        String sku = uniqueSku("append-fails");
        String body = productJson(sku, "Teapot", 5, "12.50", "EUR");
        assertThat(testSubject.post("/api/products", body).status()).isEqualTo(201);
        String key = newKey();

        // the creation's answer is written first, then the append of its events fails: the sku exists
        Answer first = testSubject.post("/api/products", body, KEY, key);
        Answer repeat = testSubject.post("/api/products", body, KEY, key);

        first.assertProblem(409);
        assertThat(repeat.status()).as(repeat.body()).isEqualTo(409);
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(testSubject.events(sku).json()).hasSize(1);
    }

    @Test
    void ofARequestPresumedDeadAndTheRepeatThatTookItsKeyOverOnlyTheRepeatPlacesTheOrder() throws Exception {
        String customerId = testSubject.registerCustomer(uniqueEmail("taken-over"), "Buyer");
        String key = newKey();
        String body = order(customerId);
        IdempotencyFaults.Hold slowHold = faults.holdBeforeCommand(key);
        CompletableFuture<Answer> slow = postAsync(body, key);
        IdempotencyFaults.Hold repeatHold = null;
        try {
            slowHold.awaitReached();
            ageClaimBeyondStaleAfter(key);
            repeatHold = faults.holdBeforeCommand(key);
            CompletableFuture<Answer> repeat = postAsync(body, key);
            repeatHold.awaitReached();

            slowHold.release();
            Answer overtaken = slow.get(1, TimeUnit.MINUTES);
            repeatHold.release();
            Answer taken = repeat.get(1, TimeUnit.MINUTES);

            assertThat(overtaken.assertProblem(409).path("type").asString()).endsWith("/idempotency-key-in-use");
            assertThat(taken.status()).as(taken.body()).isEqualTo(201);
            assertThat(storedEvents.count("OrderPlaced", customerId)).isEqualTo(1);
            Answer later = testSubject.post("/api/orders", body, KEY, key);
            assertThat(later.body()).as("the repeat's answer is the key's answer").isEqualTo(taken.body());
        } finally {
            slowHold.release();
            if (repeatHold != null) {
                repeatHold.release();
            }
        }
    }

    /** On a thread of its own: both requests of a test may be held at once. */
    private CompletableFuture<Answer> postAsync(String body, String key) {
        return CompletableFuture.supplyAsync(() -> testSubject.post("/api/orders", body, KEY, key),
                task -> {
                    Thread thread = new Thread(task, "idempotency-fault-test");
                    thread.setDaemon(true);
                    thread.start();
                });
    }

    /** As if the claim was made longer ago than {@code annals.idempotency.stale-after} (default 5 min). */
    private void ageClaimBeyondStaleAfter(String key) {
        int aged = jdbc.update("""
                UPDATE idempotency_record SET created_at = created_at - interval '1 hour'
                WHERE idempotency_key = ? AND state = 'IN_PROGRESS'""", key);
        assertThat(aged).isEqualTo(1);
    }

    private long answerInEventMetadata(String aggregateId) {
        Long count = jdbc.queryForObject("""
                SELECT count(*) FROM domain_event_entry
                WHERE aggregate_identifier = ? AND position('idempotency' IN convert_from(meta_data, 'UTF8')) > 0""",
                Long.class, aggregateId);
        return count == null ? 0 : count;
    }

    private static String order(String customerId) {
        return orderJson(customerId, "buyer@example.com", line("TEA-1", 2, "3.50", "EUR"));
    }

    private static String newKey() {
        return "key-" + UUID.randomUUID();
    }
}
