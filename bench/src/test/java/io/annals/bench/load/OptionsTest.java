package io.annals.bench.load;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OptionsTest {

    @Test
    void unsetSizesFallBackToTheWorkloadsDefaults() {
        Options testSubject = Options.parse("restock");

        assertThat(testSubject.workloads()).containsExactly("restock");
        assertThat(testSubject.clientsOr(32)).isEqualTo(32);
        assertThat(testSubject.measuredOr(1000)).isEqualTo(Budget.operations(1000));
    }

    @Test
    void aDurationOverridesTheOperationCount() {
        Options testSubject = Options.parse("--operations", "5", "--duration=30s", "--clients", "8");

        assertThat(testSubject.measuredOr(1000)).isEqualTo(Budget.timed(Duration.ofSeconds(30)));
        assertThat(testSubject.clientsOr(32)).isEqualTo(8);
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(Options.duration("x", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Options.duration("x", "2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Options.duration("x", "PT1S")).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> Options.duration("--duration", "soon")).hasMessageContaining("--duration");
    }

    @Test
    void aRateIsANumberOfArrivalsPerSecondOrHalf() {
        assertThat(Options.parse("--rate", "75.5", "orders").rate()).contains("75.5");
        assertThat(Options.parse("--rate=half").rate()).contains("half");
        assertThat(Options.parse("orders").rate()).isEmpty();
        assertThatThrownBy(() -> Options.parse("--rate", "0")).hasMessageContaining("--rate");
        assertThatThrownBy(() -> Options.parse("--rate", "fast")).hasMessageContaining("--rate");
    }

    @Test
    void unknownOptionsAreRejected() {
        assertThatThrownBy(() -> Options.parse("--clinets", "4")).hasMessageContaining("--clinets");
    }
}
