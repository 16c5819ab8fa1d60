package io.annals.app.idempotency;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.Parallel;
import io.annals.app.test.StoredEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.annals.app.test.ApiClient.ADMIN;
import static io.annals.app.test.ApiClient.customerJson;
import static io.annals.app.test.ApiClient.line;
import static io.annals.app.test.ApiClient.orderJson;
import static io.annals.app.test.ApiClient.productJson;
import static io.annals.app.test.ApiClient.uniqueEmail;
import static io.annals.app.test.ApiClient.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code Idempotency-Key} on the creating POSTs (API.md): a repeat with the same key and body gets the first answer
 * and writes nothing; another body is a 422; keys belong to one user and one endpoint; a concurrent repeat never
 * creates a second entity.
 */
@EndToEndTest
class IdempotencyKeyTest {

    private static final String KEY = "Idempotency-Key";
    private static final int CONCURRENT_REPEATS = 8;

    private final ApiClient testSubject;
    private final StoredEvents storedEvents;
    private final JdbcTemplate jdbc;

    IdempotencyKeyTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc) {
        testSubject = ApiClient.onPort(port);
        storedEvents = new StoredEvents(jdbc);
        this.jdbc = jdbc;
    }

    // --- a repeat answers the first answer ---

    @Test
    void aRepeatedRegistrationAnswersTheFirstAnswerAndRegistersOnce() {
        String key = newKey();
        String email = uniqueEmail("idem");
        String body = customerJson(email, "Ada");

        Answer first = testSubject.post("/api/customers", body, KEY, key);
        Answer repeat = testSubject.post("/api/customers", body, KEY, key);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertSameAnswer(repeat, first);
        assertThat(storedEvents.count("CustomerRegistered", email)).isEqualTo(1);
    }

    @Test
    void aRepeatWithTheBodysMembersReorderedIsTheSameRequest() {
        String key = newKey();
        String email = uniqueEmail("reordered");

        Answer first = testSubject.post("/api/customers",
                "{\"email\": \"" + email + "\", \"name\": \"Ada\"}", KEY, key);
        Answer repeat = testSubject.post("/api/customers",
                "{\n  \"name\" : \"Ada\",\n  \"email\" : \"" + email + "\"\n}", KEY, key);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertSameAnswer(repeat, first);
        assertThat(storedEvents.count("CustomerRegistered", email)).isEqualTo(1);
    }

    @Test
    void aRepeatedProductRegistrationIsReplayedInsteadOfAnsweringThatTheSkuExists() {
        String key = newKey();
        String sku = uniqueSku("idem");
        String body = productJson(sku, "Teapot", 5, "12.50", "EUR");

        Answer first = testSubject.post("/api/products", body, KEY, key);
        Answer repeat = testSubject.post("/api/products", body, KEY, key);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertSameAnswer(repeat, first);
        assertThat(testSubject.events(sku).json()).hasSize(1);
        assertThat(testSubject.post("/api/products", body).status()).as("without the key it is a new request")
                .isEqualTo(409);
    }

    @Test
    void aRepeatedOrderAnswersTheSameOrderAndPlacesOnlyOne() {
        String customerId = testSubject.registerCustomer(uniqueEmail("idem-order"), "Buyer");
        String key = newKey();
        String body = order(customerId);

        Answer first = testSubject.post("/api/orders", body, KEY, key);
        Answer repeat = testSubject.post("/api/orders", body, KEY, key);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertSameAnswer(repeat, first);
        assertThat(storedEvents.count("OrderPlaced", customerId)).isEqualTo(1);
    }

    @Test
    void withoutAKeyTheSameOrderIsPlacedTwice() {
        String customerId = testSubject.registerCustomer(uniqueEmail("no-key"), "Buyer");

        testSubject.post("/api/orders", order(customerId));
        testSubject.post("/api/orders", order(customerId));

        assertThat(storedEvents.count("OrderPlaced", customerId)).isEqualTo(2);
    }

    @Test
    void aFirstAnswerOfConflictIsReplayedEvenAfterTheConflictIsGone() {
        String email = uniqueEmail("conflict");
        String owner = testSubject.registerCustomer(email, "Owner");
        String key = newKey();
        String body = customerJson(email, "Second");
        Answer first = testSubject.post("/api/customers", body, KEY, key);
        first.assertProblem(409);
        assertThat(testSubject.delete("/api/customers/" + owner).status()).isEqualTo(200);

        Answer repeat = testSubject.post("/api/customers", body, KEY, key);

        assertSameAnswer(repeat, first);
        assertThat(storedEvents.count("CustomerRegistered", email)).isEqualTo(1);
    }

    @Test
    void aFirstAnswerOfUnknownCustomerIsReplayed() {
        String key = newKey();
        String body = order(UUID.randomUUID().toString());

        Answer first = testSubject.post("/api/orders", body, KEY, key);
        Answer repeat = testSubject.post("/api/orders", body, KEY, key);

        first.assertProblem(422);
        assertSameAnswer(repeat, first);
    }

    // --- another body, another user, another endpoint ---

    @Test
    void theSameKeyWithADifferentBodyIsUnprocessableAndWritesNothing() {
        String key = newKey();
        String email = uniqueEmail("first-body");
        String other = uniqueEmail("other-body");
        assertThat(testSubject.post("/api/customers", customerJson(email, "Ada"), KEY, key).status()).isEqualTo(201);

        Answer answer = testSubject.post("/api/customers", customerJson(other, "Ada"), KEY, key);

        assertThat(answer.assertProblem(422).path("type").asString()).endsWith("/idempotency-key-reused");
        assertThat(storedEvents.count("CustomerRegistered", other)).isZero();
        assertThat(storedEvents.count("CustomerRegistered", email)).isEqualTo(1);
    }

    @Test
    void keysArePerUser() {
        String customerId = testSubject.registerCustomer(uniqueEmail("per-user"), "Buyer");
        String key = newKey();
        String body = order(customerId);

        Answer byWriter = testSubject.post("/api/orders", body, KEY, key);
        Answer byAdmin = testSubject.as(ADMIN).post("/api/orders", body, KEY, key);

        assertThat(byWriter.status()).as(byWriter.body()).isEqualTo(201);
        assertThat(byAdmin.status()).as(byAdmin.body()).isEqualTo(201);
        assertThat(byAdmin.json().path("orderId").asString())
                .isNotEqualTo(byWriter.json().path("orderId").asString());
        assertThat(storedEvents.count("OrderPlaced", customerId)).isEqualTo(2);
    }

    @Test
    void keysArePerEndpoint() {
        String key = newKey();
        String email = uniqueEmail("per-endpoint");
        String sku = uniqueSku("per-endpoint");

        Answer customer = testSubject.post("/api/customers", customerJson(email, "Ada"), KEY, key);
        Answer product = testSubject.post("/api/products", productJson(sku, "Teapot", 1, "1.00", "EUR"), KEY, key);

        assertThat(customer.status()).as(customer.body()).isEqualTo(201);
        assertThat(product.status()).as(product.body()).isEqualTo(201);
        assertThat(testSubject.events(sku).json()).hasSize(1);
    }

    // --- the key itself ---

    @Test
    void aKeyLongerThan200CharactersIsRejectedAndNothingIsWritten() {
        String email = uniqueEmail("long-key");

        Answer answer = testSubject.post("/api/customers", customerJson(email, "Ada"), KEY, "k".repeat(201));

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly(KEY);
        assertThat(storedEvents.count("CustomerRegistered", email)).isZero();
    }

    @Test
    void aKeyOfExactly200CharactersIsAccepted() {
        String key = (newKey() + "k".repeat(200)).substring(0, 200);

        Answer answer = testSubject.post("/api/customers", customerJson(uniqueEmail("max-key"), "Ada"), KEY, key);

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }

    @Test
    void theFirstAnswerIsKeptDurablyInPostgres() {
        String key = newKey();
        Answer first = testSubject.post("/api/customers", customerJson(uniqueEmail("durable"), "Ada"), KEY, key);

        Map<String, Object> record = jdbc.queryForMap("""
                SELECT state, response_status, convert_from(response_body, 'UTF8') AS body
                FROM idempotency_record WHERE principal = 'writer' AND endpoint = 'POST /api/customers'
                  AND idempotency_key = ?""", key);

        assertThat(record.get("state")).isEqualTo("COMPLETED");
        assertThat(record.get("response_status")).isEqualTo(201);
        assertThat(record.get("body")).isEqualTo(first.body());
    }

    // --- concurrent repeats ---

    @Test
    void concurrentIdenticalOrdersPlaceExactlyOneOrder() throws Exception {
        String customerId = testSubject.registerCustomer(uniqueEmail("concurrent"), "Buyer");
        String key = newKey();
        String body = order(customerId);

        List<Answer> answers = Parallel.atOnce(CONCURRENT_REPEATS,
                () -> testSubject.post("/api/orders", body, KEY, key));

        assertOneCreationAndOnlyReplaysOrKeyInUse(answers, "orderId");
        assertThat(storedEvents.count("OrderPlaced", customerId)).isEqualTo(1);
    }

    @Test
    void concurrentIdenticalRegistrationsRegisterExactlyOneCustomer() throws Exception {
        String email = uniqueEmail("concurrent");
        String key = newKey();
        String body = customerJson(email, "Ada");

        List<Answer> answers = Parallel.atOnce(CONCURRENT_REPEATS,
                () -> testSubject.post("/api/customers", body, KEY, key));

        assertOneCreationAndOnlyReplaysOrKeyInUse(answers, "customerId");
        assertThat(storedEvents.count("CustomerRegistered", email)).isEqualTo(1);
    }

    /**
     * Every answer is either the one creation (201, replayed identically) or a 409 saying the key is in use — never
     * a second 201 with another id, never a conflict from running the request twice.
     */
    private static void assertOneCreationAndOnlyReplaysOrKeyInUse(List<Answer> answers, String idMember) {
        List<Answer> created = answers.stream().filter(answer -> answer.status() == 201).toList();
        assertThat(created).as("%s", answers).isNotEmpty();
        assertThat(created).extracting(answer -> answer.json().path(idMember).asString()).containsOnly(
                created.get(0).json().path(idMember).asString());
        assertThat(created).extracting(Answer::body).containsOnly(created.get(0).body());
        answers.stream().filter(answer -> answer.status() != 201).forEach(answer ->
                assertThat(answer.assertProblem(409).path("type").asString()).endsWith("/idempotency-key-in-use"));
    }

    /** The same status, body, media type and, for a creation, the same {@code Location} and {@code ETag}. */
    private static void assertSameAnswer(Answer repeat, Answer first) {
        if (first.status() == 201) {
            assertThat(first.header("Location")).isPresent();
            assertThat(first.header("ETag")).isPresent();
        }
        assertThat(repeat.status()).as(repeat.body()).isEqualTo(first.status());
        assertThat(repeat.body()).isEqualTo(first.body());
        assertThat(repeat.contentType()).isEqualTo(first.contentType());
        assertThat(repeat.header("Location")).isEqualTo(first.header("Location"));
        assertThat(repeat.header("ETag")).isEqualTo(first.header("ETag"));
    }

    private static String order(String customerId) {
        return orderJson(customerId, "buyer@example.com", line("TEA-1", 2, "3.50", "EUR"));
    }

    private static String newKey() {
        return "key-" + UUID.randomUUID();
    }
}
