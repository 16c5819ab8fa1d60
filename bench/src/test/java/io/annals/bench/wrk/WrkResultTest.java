package io.annals.bench.wrk;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WrkResultTest {

    /** wrk's own report, then the line bench/wrk/workloads.lua's done() adds (as wrk 4.1 printed it). */
    static final String WRK_OUTPUT = """
            Running 15s test @ http://127.0.0.1:41234
              2 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency    91.52ms   20.03ms 301.20ms   80.00%
                Req/Sec   175.20     30.10   240.00     70.00%
              5250 requests in 15.01s, 1.20MB read
              Non-2xx or 3xx responses: 12
            Requests/sec:    349.77
            Transfer/sec:     81.90KB
            WRK_RESULT workload=conflict target=vanilla requests=5250 duration_us=15010000 ok=5238 conflicts=7 \
            client_errors=2 server_errors=3 socket_errors=1 timeouts=4 p50_us=88000 p90_us=112500 p99_us=180250 \
            p999_us=290000 max_us=301200 mean_us=91520
            """;

    @Test
    void readsTheLuaScriptsLineOutOfWrksReport() {
        WrkResult testSubject = WrkResult.find(WRK_OUTPUT).orElseThrow();

        assertThat(testSubject.workload()).isEqualTo("conflict");
        assertThat(testSubject.target()).isEqualTo("vanilla");
        assertThat(testSubject.requests()).isEqualTo(5250);
        assertThat(testSubject.elapsed()).isEqualTo(Duration.ofMillis(15_010));
        assertThat(testSubject.ok()).isEqualTo(5238);
        assertThat(testSubject.okPerSecond()).isCloseTo(5238 / 15.01, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(testSubject.latency()).isEqualTo(
                new WrkResult.Latency(88_000, 112_500, 180_250, 290_000, 301_200, 91_520));
        assertThat(testSubject.latency().millis(testSubject.latency().p99())).isEqualTo(180.25);
    }

    @Test
    void conflictsAreFailuresOnlyWhereTheyAreNotExpected() {
        WrkResult testSubject = WrkResult.find(WRK_OUTPUT).orElseThrow();

        // 2 other 4xx + 3 5xx + 1 socket error + 4 timeouts, and the 7 409s where they count
        assertThat(testSubject.failures(true)).isEqualTo(10);
        assertThat(testSubject.failures(false)).isEqualTo(17);
    }

    @Test
    void aRunWithoutTheLineHasNoResult() {
        assertThat(WrkResult.find("unable to connect to 127.0.0.1:1 Connection refused\n")).isEmpty();
    }

    @Test
    void aLineWithAFieldMissingIsRejected() {
        assertThatThrownBy(() -> WrkResult.parse("WRK_RESULT workload=read target=annals requests=1"))
                .hasMessageContaining("duration_us");
    }

    @Test
    void itsPairsReadBackToTheSameResult() {
        WrkResult testSubject = WrkResult.find(WRK_OUTPUT).orElseThrow();

        assertThat(WrkResult.parse(WrkResult.TAG + " " + testSubject.pairs())).isEqualTo(testSubject);
    }
}
