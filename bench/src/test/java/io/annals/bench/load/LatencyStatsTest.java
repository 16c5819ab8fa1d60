package io.annals.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyStatsTest {

    private static long millis(long ms) {
        return TimeUnit.MILLISECONDS.toNanos(ms);
    }

    @Test
    void percentilesOfAUniformSpreadAreExactToAFractionOfAPercent() {
        LatencyStats testSubject = new LatencyStats();
        for (long ms = 1; ms <= 1000; ms++) {
            testSubject.recordNanos(millis(ms));
        }

        assertThat(testSubject.count()).isEqualTo(1000);
        assertThat(testSubject.percentileMillis(50)).isCloseTo(500, within(1.0));
        assertThat(testSubject.percentileMillis(90)).isCloseTo(900, within(1.0));
        assertThat(testSubject.percentileMillis(99)).isCloseTo(990, within(1.0));
        assertThat(testSubject.maxMillis()).isCloseTo(1000, within(1.0));
    }

    @Test
    void aSingleOutlierShowsInTheMaximumButNotInTheMedian() {
        LatencyStats testSubject = new LatencyStats();
        for (int i = 0; i < 999; i++) {
            testSubject.recordNanos(millis(2));
        }
        testSubject.recordNanos(millis(4_000));

        assertThat(testSubject.percentileMillis(50)).isCloseTo(2, within(0.01));
        assertThat(testSubject.maxMillis()).isCloseTo(4_000, within(4.0));
        assertThat(testSubject.countAtLeast(Duration.ofSeconds(1))).isEqualTo(1);
    }

    @Test
    void mergingPerClientStatsGivesTheStatsOfAllSamples() {
        LatencyStats fast = new LatencyStats();
        LatencyStats slow = new LatencyStats();
        for (int i = 0; i < 50; i++) {
            fast.recordNanos(millis(1));
            slow.recordNanos(millis(100));
        }

        LatencyStats testSubject = new LatencyStats();
        testSubject.add(fast);
        testSubject.add(slow);

        assertThat(testSubject.count()).isEqualTo(100);
        assertThat(testSubject.percentileMillis(25)).isCloseTo(1, within(0.01));
        assertThat(testSubject.percentileMillis(75)).isCloseTo(100, within(0.1));
    }

    @Test
    void subMicrosecondAndEmptyStatsDoNotBreakTheReport() {
        LatencyStats empty = new LatencyStats();
        assertThat(empty.percentileMillis(99)).isZero();
        assertThat(empty.maxMillis()).isZero();
        assertThat(empty.countAtLeast(Duration.ofSeconds(1))).isZero();

        LatencyStats tiny = new LatencyStats();
        tiny.recordNanos(10);
        assertThat(tiny.maxMillis()).isCloseTo(0.001, within(0.0001));
    }
}
