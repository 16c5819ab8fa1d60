package io.annals.bench.workload.intake;

import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Outcome;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntakeSenderTest {

    private static final List<String> SOURCES = IntStream.range(0, 20)
            .mapToObj(i -> "bench-test-intake-s-monitor-" + i).toList();

    private final IntakeBodies bodies = new IntakeBodies(SOURCES, IntakeMix.REALISTIC, 11, 1_765_000_000L);
    private final List<Duration> pauses = new ArrayList<>();

    @Test
    void aBodyRefusedWith429IsWaitedOutSentAgainAndCountedOnceWhenAcknowledged() throws Exception {
        FakeIntakeService service = new FakeIntakeService();
        List<byte[]> sent = new ArrayList<>();
        Deque<Boolean> refuse = new ArrayDeque<>(List.of(true, true, false, false));
        List<BodyTemplate> cycle = bodies.arrays(0, 2, 1_000);
        IntakeLedger ledger = new IntakeLedger(SOURCES.size());
        IntakeSender testSubject = new IntakeSender(List.of(cycle), ledger, body -> {
            sent.add(body);
            return refuse.pop() ? tooBusy("2") : service.post(body);
        }, pauses::add);

        Outcome first = testSubject.execute(0, 0);
        Outcome second = testSubject.execute(0, 1);

        assertThat(first.isOk()).isTrue();
        assertThat(second.isOk()).isTrue();
        assertThat(sent).hasSize(4);
        assertThat(sent.get(1)).isEqualTo(sent.get(0)).isEqualTo(sent.get(2));
        assertThat(sent.get(3)).isNotEqualTo(sent.get(2));
        assertThat(pauses).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(ledger.backpressuredAttempts()).isEqualTo(2);
        assertThat(ledger.acknowledgedBodies()).isEqualTo(2);
        assertThat(ledger.unexpectedAnswers()).as(ledger.firstUnexpected()).isZero();
        assertThat(ledger.totalExpectedAccepted())
                .isEqualTo(cycle.get(0).plan().accepted() + cycle.get(1).plan().accepted())
                .isEqualTo(ledger.answeredAccepted());
        assertThat(ledger.totalInjectedDuplicates()).isEqualTo(ledger.answeredDuplicates());
        assertThat(ledger.injectedMalformed()).isEqualTo(ledger.answeredRejected());
    }

    @Test
    void withRandom429sTheLedgerExpectsExactlyWhatTheServiceStoredPerSource() throws Exception {
        FakeIntakeService service = new FakeIntakeService();
        Random random = new Random(3);
        int clients = 3;
        List<List<BodyTemplate>> cycles = new ArrayList<>();
        for (int client = 0; client < clients; client++) {
            cycles.add(bodies.arrays(client, 3, 200));
        }
        IntakeLedger ledger = new IntakeLedger(SOURCES.size());
        IntakeSender testSubject = new IntakeSender(cycles, ledger,
                body -> random.nextInt(4) == 0 ? tooBusy("0") : service.post(body), pauses::add);

        // interleaved clients, two and a half rounds of each client's cycle
        for (int sequence = 0; sequence < clients * 8; sequence++) {
            assertThat(testSubject.execute(sequence % clients, sequence).isOk()).isTrue();
        }

        assertThat(ledger.backpressuredAttempts()).isPositive();
        assertThat(ledger.unexpectedAnswers()).as(ledger.firstUnexpected()).isZero();
        for (int s = 0; s < SOURCES.size(); s++) {
            assertThat(ledger.expectedAccepted(s)).isEqualTo(service.accepted(SOURCES.get(s)));
            assertThat(ledger.injectedDuplicates(s)).isEqualTo(service.duplicates(SOURCES.get(s)));
        }
        assertThat(ledger.totalInjectedDuplicates()).isPositive();
    }

    @Test
    void anAnswerThatDiffersFromThePlanIsCounted() throws Exception {
        IntakeLedger ledger = new IntakeLedger(SOURCES.size());
        BodyTemplate body = bodies.arrays(0, 1, 1_000).get(0);
        IntakeSender testSubject = new IntakeSender(List.of(List.of(body)), ledger,
                sent -> new AnnalsClient.Answer(202, "{\"accepted\":1000,\"duplicates\":0,\"rejected\":[]}"),
                pauses::add);

        testSubject.execute(0, 0);

        assertThat(ledger.unexpectedAnswers()).isEqualTo(1);
        assertThat(ledger.firstUnexpected()).contains("answered accepted 1000");
        assertThat(ledger.totalExpectedAccepted()).isEqualTo(body.plan().accepted());
    }

    @Test
    void anotherFailureIsReportedAndTheSameBodyIsSentByTheNextOperation() throws Exception {
        FakeIntakeService service = new FakeIntakeService();
        List<byte[]> sent = new ArrayList<>();
        Deque<Integer> statuses = new ArrayDeque<>(List.of(500, 202));
        IntakeLedger ledger = new IntakeLedger(SOURCES.size());
        IntakeSender testSubject = new IntakeSender(List.of(bodies.arrays(0, 2, 100)), ledger, body -> {
            sent.add(body);
            int status = statuses.pop();
            return status == 202 ? service.post(body) : new AnnalsClient.Answer(status, "{}");
        }, pauses::add);

        Outcome failed = testSubject.execute(0, 0);
        Outcome retried = testSubject.execute(0, 1);

        assertThat(failed.label()).isEqualTo("500");
        assertThat(retried.isOk()).isTrue();
        assertThat(sent.get(1)).isEqualTo(sent.get(0));
        assertThat(ledger.failedAttempts()).isEqualTo(1);
        assertThat(ledger.acknowledgedBodies()).isEqualTo(1);
        assertThat(pauses).containsExactly(IntakeSender.FAILURE_PAUSE);
    }

    @Test
    void aTransportErrorIsCountedAndRethrown() {
        IntakeLedger ledger = new IntakeLedger(SOURCES.size());
        IntakeSender testSubject = new IntakeSender(List.of(bodies.arrays(0, 1, 10)), ledger, body -> {
            throw new IOException("connection reset");
        }, pauses::add);

        assertThatThrownBy(() -> testSubject.execute(0, 0)).isInstanceOf(IOException.class);
        assertThat(ledger.failedAttempts()).isEqualTo(1);
        assertThat(ledger.acknowledgedBodies()).isZero();
    }

    @Test
    void retryAfterIsReadAsSecondsOrAnHttpDateAndKeptWithinBounds() {
        assertThat(IntakeSender.retryAfter(tooBusy("3"))).isEqualTo(Duration.ofSeconds(3));
        assertThat(IntakeSender.retryAfter(tooBusy("0.25"))).isEqualTo(Duration.ofMillis(250));
        assertThat(IntakeSender.retryAfter(tooBusy("3600"))).isEqualTo(IntakeSender.MAX_RETRY_AFTER);
        assertThat(IntakeSender.retryAfter(tooBusy("Wed, 21 Oct 2015 07:28:00 GMT"))).isEqualTo(Duration.ZERO);
        assertThat(IntakeSender.retryAfter(tooBusy("soon"))).isEqualTo(IntakeSender.DEFAULT_RETRY_AFTER);
        assertThat(IntakeSender.retryAfter(new AnnalsClient.Answer(429, "{}")))
                .isEqualTo(IntakeSender.DEFAULT_RETRY_AFTER);
    }

    private static AnnalsClient.Answer tooBusy(String retryAfter) {
        return new AnnalsClient.Answer(429, "{}", Optional.of(retryAfter));
    }
}
