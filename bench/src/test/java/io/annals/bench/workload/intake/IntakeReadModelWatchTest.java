package io.annals.bench.workload.intake;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class IntakeReadModelWatchTest {

    private static final List<String> SOURCES = List.of("src-a", "src-b", "src-c");

    /** 6, 4 and 2 events for a, b, c; one duplicate of a. */
    private static IntakeLedger ledger() {
        IntakeLedger ledger = new IntakeLedger(SOURCES.size());
        ledger.acknowledged(new BodyPlan(13, 12, 1, new int[0], new int[]{0, 1, 2}, new int[]{6, 4, 2},
                new int[]{1, 0, 0}), new IntakeAnswer(12, 1, new int[0]));
        return ledger;
    }

    /** A read model that projects one more event (and the duplicate last) of a source every time it is read. */
    private static final class CatchingUp implements ReadModelWatch.SourceReader {
        final Map<String, AtomicInteger> reads = new ConcurrentHashMap<>();
        final Map<String, Integer> totals = Map.of("src-a", 6, "src-b", 4, "src-c", 2);

        @Override
        public Optional<SourceView> read(String source) {
            int read = reads.computeIfAbsent(source, s -> new AtomicInteger()).incrementAndGet();
            if (read == 1) {
                return Optional.empty(); // 404: nothing projected yet
            }
            int accepted = Math.min(read - 1, totals.get(source));
            long duplicates = "src-a".equals(source) && read > totals.get(source) + 2 ? 1 : 0;
            return Optional.of(new SourceView(source, accepted, duplicates, accepted));
        }
    }

    @Test
    void waitsUntilEverySourceHoldsItsAcceptedEventsThenUntilTheDuplicatesAreCounted() throws Exception {
        CatchingUp readModel = new CatchingUp();
        ReadModelWatch testSubject = new ReadModelWatch(readModel, duration -> { });

        ReadModelWatch.Result result = testSubject.awaitAccepted(SOURCES, ledger(), Duration.ofSeconds(30));

        assertThat(result.complete()).isTrue();
        assertThat(result.views().get("src-a").accepted()).isEqualTo(6);
        assertThat(result.views().get("src-a").duplicates()).isZero();
        assertThat(result.views().get("src-c").accepted()).isEqualTo(2);

        Map<String, SourceView> settled = testSubject.settle(SOURCES, ledger(), result.views());

        assertThat(settled.get("src-a").duplicates()).isEqualTo(1);
        assertThat(IntakeChecks.judge(SOURCES, ledger(), settled)).allMatch(IntakeChecks.Verdict::passed);
    }

    @Test
    void givesUpWhenASourceNeverCatchesUp() throws Exception {
        ReadModelWatch testSubject = new ReadModelWatch(
                source -> Optional.of(new SourceView(source, 1, 0, 1)), duration -> { });

        ReadModelWatch.Result result = testSubject.awaitAccepted(SOURCES, ledger(), Duration.ofMillis(50));

        assertThat(result.complete()).isFalse();
    }
}
