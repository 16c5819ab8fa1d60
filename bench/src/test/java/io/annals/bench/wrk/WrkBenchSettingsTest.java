package io.annals.bench.wrk;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WrkBenchSettingsTest {

    @Test
    void readsTheOptionsRunShPasses() {
        WrkSettings testSubject = WrkSettings.parse("--target", "vanilla", "--base-url",
                "http://127.0.0.1:4711", "--duration", "15s", "--warmup", "0s", "--settle", "30s", "--quiet-cpu", "0.05", "restock", "read");

        assertThat(testSubject.target()).isEqualTo(Target.VANILLA);
        assertThat(testSubject.baseUrl().getPort()).isEqualTo(4711);
        assertThat(testSubject.duration()).isEqualTo(Duration.ofSeconds(15));
        assertThat(testSubject.warmup()).isZero();
        assertThat(testSubject.settle()).isEqualTo(Duration.ofSeconds(30));
        assertThat(testSubject.quietCpu()).isEqualTo(0.05);
        assertThat(testSubject.workloads()).containsExactly(WrkWorkload.RESTOCK, WrkWorkload.READ);
    }

    @Test
    void anUnknownWorkloadIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> WrkSettings.parse("restok"))
                .hasMessageContaining("restok").hasMessageContaining("create-customers");
    }

    @Test
    void vanillaIsNotAskedForWhatItDoesNotOffer() {
        assertThat(WrkWorkload.CREATE_CUSTOMERS.runsOn(Target.VANILLA)).isFalse();
        assertThat(WrkWorkload.CREATE_CUSTOMERS.runsOn(Target.ANNALS)).isTrue();
        assertThat(WrkWorkload.CONFLICT.runsOn(Target.VANILLA)).isTrue();
    }
}
