package io.annals.app.product;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.Parallel;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concurrent writers on one product (API.md "optimistic concurrency"): without If-Match every write is serialized and
 * none is lost, and writes that queue behind each other commit together (group commit); with If-Match exactly the
 * writers holding the current version win and the others get a 409.
 */
@EndToEndTest
class ProductConcurrencyTest {

    private static final int THREADS = 16;
    private static final int RESTOCKS_PER_THREAD = 25;
    private static final long INITIAL_STOCK = 100;

    private final ApiClient testSubject;

    ProductConcurrencyTest(@LocalServerPort int port) {
        testSubject = ApiClient.onPort(port);
    }

    @Test
    void unconditionalConcurrentRestocksAreAllAppliedWithDistinctVersions() throws Exception {
        String sku = testSubject.registerProduct("storm", INITIAL_STOCK);
        int total = THREADS * RESTOCKS_PER_THREAD;

        List<Answer> answers = restockOneEachFromEveryThread(sku);

        assertThat(answers).hasSize(total).allSatisfy(answer -> assertThat(answer.status()).as(answer.body())
                .isEqualTo(200));
        assertThat(answers).extracting(answer -> answer.json().path("version").asLong())
                .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        JsonNode product = testSubject.productAtLeast(sku, total);
        assertThat(product.path("available").asLong()).isEqualTo(INITIAL_STOCK + total);
        assertThat(product.path("version").asLong()).isEqualTo(total);
    }

    @Test
    void concurrentRestocksOfOneProductAreCommittedTogether(@Autowired JdbcTemplate jdbc) throws Exception {
        String sku = testSubject.registerProduct("group", INITIAL_STOCK);
        int total = THREADS * RESTOCKS_PER_THREAD;

        List<Answer> answers = restockOneEachFromEveryThread(sku);

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(200));
        // rows one transaction inserted share its id (xmin): 16 writers queue behind each other's commits
        Integer transactions = jdbc.queryForObject("""
                SELECT count(DISTINCT xmin::text) FROM domain_event_entry
                WHERE aggregate_identifier = ? AND sequence_number > 0""", Integer.class, sku);
        assertThat(transactions).as("transactions for %d restocks", total).isLessThan(total / 2);
        assertThat(jdbc.queryForList("""
                SELECT sequence_number FROM domain_event_entry WHERE aggregate_identifier = ?
                ORDER BY sequence_number""", Long.class, sku))
                .containsExactlyElementsOf(LongStream.rangeClosed(0, total).boxed().toList());
    }

    @Test
    void conditionalRestocksApplyExactlyTheWinners() throws Exception {
        String sku = testSubject.registerProduct("ifmatch-storm", INITIAL_STOCK);
        int threads = 8;
        int attemptsPerThread = 10;
        long quantity = 3;
        testSubject.productAtLeast(sku, 0);

        List<Answer> answers = Parallel.gather(threads, () -> {
            List<Answer> mine = new ArrayList<>();
            for (int i = 0; i < attemptsPerThread; i++) {
                Answer current = testSubject.get("/api/products/" + sku);
                String etag = current.header("ETag").orElseThrow();
                Answer restocked = testSubject.restock(sku, quantity, "If-Match", etag);
                long sent = Long.parseLong(etag.replace("\"", ""));
                if (restocked.status() == 409) {
                    JsonNode problem = restocked.assertProblem(409);
                    assertThat(problem.path("expectedVersion").asLong()).isEqualTo(sent);
                    assertThat(problem.path("actualVersion").asLong()).isGreaterThan(sent);
                } else {
                    assertThat(restocked.status()).as(restocked.body()).isEqualTo(200);
                    assertThat(restocked.json().path("version").asLong()).isEqualTo(sent + 1);
                }
                mine.add(restocked);
            }
            return mine;
        });

        long wins = answers.stream().filter(answer -> answer.status() == 200).count();
        assertThat(wins).isPositive();
        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isIn(200, 409));
        JsonNode product = testSubject.productAtLeast(sku, wins);
        assertThat(product.path("version").asLong()).isEqualTo(wins);
        assertThat(product.path("available").asLong()).isEqualTo(INITIAL_STOCK + wins * quantity);
        assertThat(testSubject.events(sku).json()).hasSize((int) wins + 1);
    }

    @Test
    void ofWritersHoldingTheSameVersionExactlyOneWins() throws Exception {
        String sku = testSubject.registerProduct("same-version", INITIAL_STOCK);
        int writers = 6;
        int rounds = 5;

        for (int round = 0; round < rounds; round++) {
            long held = round;
            String etag = "\"" + held + "\"";

            List<Answer> answers = Parallel.atOnce(writers, () -> testSubject.restock(sku, 1, "If-Match", etag));

            assertThat(answers).filteredOn(answer -> answer.status() == 200).singleElement()
                    .satisfies(winner -> assertThat(winner.header("ETag")).hasValue("\"" + (held + 1) + "\""));
            assertThat(answers).filteredOn(answer -> answer.status() != 200).hasSize(writers - 1)
                    .allSatisfy(loser -> {
                        JsonNode problem = loser.assertProblem(409);
                        assertThat(problem.path("expectedVersion").asLong()).isEqualTo(held);
                        assertThat(problem.path("actualVersion").asLong()).isEqualTo(held + 1);
                    });
        }

        JsonNode product = testSubject.productAtLeast(sku, rounds);
        assertThat(product.path("available").asLong()).isEqualTo(INITIAL_STOCK + rounds);
        assertThat(product.path("version").asLong()).isEqualTo(rounds);
    }

    /** {@link #THREADS} writers, each restocking by 1 {@link #RESTOCKS_PER_THREAD} times, all at once. */
    private List<Answer> restockOneEachFromEveryThread(String sku) throws Exception {
        return Parallel.gather(THREADS, () -> {
            List<Answer> mine = new ArrayList<>();
            for (int i = 0; i < RESTOCKS_PER_THREAD; i++) {
                mine.add(testSubject.restock(sku, 1));
            }
            return mine;
        });
    }
}
