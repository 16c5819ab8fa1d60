package io.annals.bench.load;

import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenArrivalsTest {

    @Test
    void runsTheBudgetsNumberOfArrivalsSpreadOverTheWorkers() {
        Set<Long> sequences = ConcurrentHashMap.newKeySet();
        Set<Integer> clients = ConcurrentHashMap.newKeySet();

        OpenArrivals.Result result = OpenArrivals.run("open", 2_000, Budget.operations(40), 4, (client, sequence) -> {
            sequences.add(sequence);
            clients.add(client);
            return sequence % 10 == 0 ? Outcome.status(409) : Outcome.ok();
        });

        assertThat(result.phase().operations()).isEqualTo(40);
        assertThat(sequences).hasSize(40);
        assertThat(clients).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(result.phase().failures()).containsEntry("409", 4L);
        assertThat(result.phase().latency().count()).isEqualTo(40);
    }

    /** One worker and answers slower than the arrivals: the backlog shows as late starts and as latency. */
    @Test
    void aGeneratorThatFallsBehindCountsItsLateStartsAndTheirWait() {
        OpenArrivals.Result result = OpenArrivals.run("open", 1_000, Budget.operations(10), 1, (client, sequence) -> {
            // a slow service: each answer takes longer than the arrival gap (busy, so that the time is the work's)
            long answeredAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(60);
            while (System.nanoTime() < answeredAt) {
                Thread.onSpinWait();
            }
            return Outcome.ok();
        });

        assertThat(result.lateStarts()).isGreaterThanOrEqualTo(8);
        // the tenth arrival was due at 9 ms and could start only after nine answers of at least 60 ms each
        assertThat(result.phase().latency().maxMillis()).isGreaterThanOrEqualTo(9 * 60 + 60 - 9);
    }

    @Test
    void refusesARateThatIsNotPositiveAndABudgetWithoutEnd() {
        assertThatThrownBy(() -> OpenArrivals.run("open", 0, Budget.operations(1), 1, (client, sequence) -> Outcome.ok()))
                .hasMessageContaining("positive");
        assertThatThrownBy(() -> OpenArrivals.run("open", 1, Budget.until(() -> true), 1,
                (client, sequence) -> Outcome.ok())).hasMessageContaining("duration");
    }
}
