package io.annals.app.deadletter;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.annals.app.test.ApiClient.ADMIN;
import static io.annals.app.test.ApiClient.READER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 6 "Dead letters and admin": an event whose handler fails parks its sequence (the aggregate's later events
 * queue behind it) in the group's dead-letter queue while the group keeps handling everything else; the admin API
 * lists the parked events and retries them once the cause is gone.
 */
@EndToEndTest
class DeadLetterAdminTest {

    private static final Duration PROCESSING_TIMEOUT = Duration.ofSeconds(60);
    private static final String GROUP = PoisonableProductHandler.GROUP;

    private final ApiClient writer;
    private final ApiClient admin;
    private final PoisonableProductHandler handler;
    private final DeadLetterQueues queues;

    DeadLetterAdminTest(@LocalServerPort int port, @Autowired PoisonableProductHandler handler,
                        @Autowired DeadLetterQueues queues) {
        writer = ApiClient.onPort(port);
        admin = writer.as(ADMIN);
        this.handler = handler;
        this.queues = queues;
    }

    @Test
    void aPoisonEventParksItsSequenceWhileTheGroupKeepsFlowingAndARetryHandlesItOnceCured() {
        String poisoned = ApiClient.uniqueSku("poisoned");
        String healthy = ApiClient.uniqueSku("healthy");
        handler.poison(poisoned);
        handler.watch(healthy);
        Instant before = Instant.now();

        register(poisoned);
        register(healthy);
        assertThat(writer.restock(poisoned, 3).status()).isEqualTo(200);
        assertThat(writer.restock(healthy, 5).status()).isEqualTo(200);

        await().atMost(PROCESSING_TIMEOUT).untilAsserted(() ->
                assertThat(handler.handled(healthy)).containsExactly("registered", "restocked 5"));
        await().atMost(PROCESSING_TIMEOUT).untilAsserted(() -> assertThat(parked(poisoned)).hasSize(2));
        List<JsonNode> letters = parked(poisoned);
        JsonNode failed = letters.get(0);
        assertThat(failed.path("group").asString()).isEqualTo(GROUP);
        assertThat(failed.path("eventType").asString()).isEqualTo("ProductRegistered");
        assertThat(failed.path("cause").asString())
                .isEqualTo("IllegalStateException: product " + poisoned + " is poisoned for this test");
        assertThat(failed.path("attempts").asInt()).isEqualTo(1);
        assertThat(Instant.parse(failed.path("enqueuedAt").asString())).isAfterOrEqualTo(before.minusSeconds(1));
        JsonNode queuedBehind = letters.get(1);
        assertThat(queuedBehind.path("eventType").asString()).isEqualTo("ProductRestocked");
        assertThat(queuedBehind.path("attempts").asInt()).as("never tried: its sequence was parked").isZero();
        assertThat(handler.handled(poisoned)).isEmpty();

        Answer stillPoisoned = admin.post("/api/admin/dead-letters/" + GROUP + "/retry", "");
        assertThat(stillPoisoned.status()).as(stillPoisoned.body()).isEqualTo(202);
        assertThat(parked(poisoned)).extracting(letter -> letter.path("attempts").asInt()).containsExactly(2, 0);

        handler.cure(poisoned);
        Answer retry = admin.post("/api/admin/dead-letters/" + GROUP + "/retry", "");

        assertThat(retry.status()).as(retry.body()).isEqualTo(202);
        await().atMost(PROCESSING_TIMEOUT).untilAsserted(() ->
                assertThat(handler.handled(poisoned)).containsExactly("registered", "restocked 3"));
        assertThat(parked(poisoned)).isEmpty();
    }

    @Test
    void afterARetryTheAggregatesNextEventsAreHandledDirectly() {
        String sku = ApiClient.uniqueSku("recovered");
        handler.poison(sku);
        register(sku);
        await().atMost(PROCESSING_TIMEOUT).untilAsserted(() -> assertThat(parked(sku)).hasSize(1));
        handler.cure(sku);
        assertThat(admin.post("/api/admin/dead-letters/" + GROUP + "/retry", "").status()).isEqualTo(202);
        await().atMost(PROCESSING_TIMEOUT).untilAsserted(() -> assertThat(parked(sku)).isEmpty());

        assertThat(writer.restock(sku, 7).status()).isEqualTo(200);

        await().atMost(PROCESSING_TIMEOUT).untilAsserted(() ->
                assertThat(handler.handled(sku)).containsExactly("registered", "restocked 7"));
        assertThat(parked(sku)).isEmpty();
    }

    @Test
    void everyEventHandlingGroupHasADeadLetterQueue() {
        assertThat(queues.byGroup().keySet()).contains("products", "customers", "orders", GROUP);
    }

    @Test
    void theListingIsBoundedByItsLimitAndCanBeNarrowedToOneGroup() {
        List<String> skus = List.of(ApiClient.uniqueSku("limited"), ApiClient.uniqueSku("limited"),
                ApiClient.uniqueSku("limited"));
        skus.forEach(handler::poison);
        skus.forEach(this::register);
        await().atMost(PROCESSING_TIMEOUT).untilAsserted(() ->
                assertThat(skus).allSatisfy(sku -> assertThat(parked(sku)).hasSize(1)));

        Answer two = admin.get("/api/admin/dead-letters?group=" + GROUP + "&limit=2");
        Answer fulfilment = admin.get("/api/admin/dead-letters?group=fulfilment&limit=1000");

        assertThat(two.status()).as(two.body()).isEqualTo(200);
        assertThat(two.json()).hasSize(2)
                .allSatisfy(letter -> assertThat(letter.path("group").asString()).isEqualTo(GROUP));
        assertThat(fulfilment.status()).as(fulfilment.body()).isEqualTo(200);
        assertThat(fulfilment.json()).noneSatisfy(letter ->
                assertThat(skus).contains(letter.path("sequenceId").asString()));
        skus.forEach(handler::cure);
        assertThat(admin.post("/api/admin/dead-letters/" + GROUP + "/retry", "").status()).isEqualTo(202);
    }

    @Test
    void withoutALimitAtMostAHundredLettersAreListed() {
        String sku = ApiClient.uniqueSku("crowded");
        handler.poison(sku);
        register(sku);
        for (int restock = 1; restock <= 100; restock++) {
            assertThat(writer.restock(sku, restock).status()).isEqualTo(200);
        }
        await().atMost(PROCESSING_TIMEOUT).untilAsserted(() -> assertThat(parked(sku)).hasSize(101));

        Answer listed = admin.get("/api/admin/dead-letters");

        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.json().isArray()).isTrue();
        assertThat(listed.json()).hasSize(100);
        handler.cure(sku);
        assertThat(admin.post("/api/admin/dead-letters/" + GROUP + "/retry", "").status()).isEqualTo(202);
        assertThat(parked(sku)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-1", "ten", "1.5", ""})
    void aLimitOutOfRangeIsRejectedNamingIt(String limit) {
        Answer answer = admin.get("/api/admin/dead-letters?limit=" + limit);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("limit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "Products", "deadline-probe"})
    void listingAGroupWithoutDeadLettersIsRejectedNamingIt(String group) {
        Answer answer = admin.get("/api/admin/dead-letters?group=" + group);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("group");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nope", "Products", "deadline-probe"})
    void retryingAGroupWithoutADeadLetterQueueIsNotFound(String group) {
        admin.post("/api/admin/dead-letters/" + group + "/retry", "").assertProblem(404);
    }

    @Test
    void onlyAnAdminMaySeeOrRetryDeadLetters() {
        writer.get("/api/admin/dead-letters").assertProblem(403);
        writer.as(READER).get("/api/admin/dead-letters").assertProblem(403);
        writer.post("/api/admin/dead-letters/products/retry", "").assertProblem(403);
        writer.anonymous().get("/api/admin/dead-letters").assertProblem(401);
    }

    private void register(String sku) {
        Answer created = writer.post("/api/products", ApiClient.productJson(sku, "Product " + sku, 10, "1.00", "EUR"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    /** The product's parked events, as the admin API lists them (oldest first within the sequence). */
    private List<JsonNode> parked(String sku) {
        Answer answer = admin.get("/api/admin/dead-letters?group=" + GROUP + "&limit=1000");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<JsonNode> letters = new ArrayList<>();
        answer.json().forEach(letter -> {
            if (letter.path("sequenceId").asString().equals(sku)) {
                letters.add(letter);
            }
        });
        return letters;
    }
}
