package io.annals.bench.wrk;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ComparisonTest {

    /** {@code ok} operations in 10 s, with the given CPU seconds and p99. */
    static Measurement measured(Target target, WrkWorkload workload, long ok, double serviceCpu, double postgresCpu,
                                long p99Micros) {
        WrkResult wrk = new WrkResult(workload.label(), target.label(), ok, Duration.ofSeconds(10), ok, 0, 0, 0, 0, 0,
                new WrkResult.Latency(p99Micros / 4, p99Micros / 2, p99Micros, p99Micros * 2, p99Micros * 3,
                        p99Micros / 3));
        return new Measurement(target, workload, wrk, serviceCpu, postgresCpu);
    }

    @Test
    void ratiosCompareAnnalsWithVanillaOnTheSameWorkload() {
        // Annals 3,500 restocks in 10 s on 14 + 3.5 CPU s (5 ms/op); vanilla 1,320 on 12.5 + 6.6 (≈ 14.47 ms/op)
        List<Comparison> comparisons = Comparison.of(List.of(
                measured(Target.ANNALS, WrkWorkload.RESTOCK, 3_500, 14.0, 3.5, 40_000),
                measured(Target.VANILLA, WrkWorkload.RESTOCK, 1_320, 12.5, 6.6, 160_000)));

        assertThat(comparisons).hasSize(1);
        Comparison testSubject = comparisons.get(0);
        assertThat(testSubject.rateRatio()).hasValueSatisfying(r -> assertThat(r).isCloseTo(3500.0 / 1320, within(1e-9)));
        assertThat(testSubject.cpuRatio()).hasValueSatisfying(
                r -> assertThat(r).isCloseTo((19.1 * 1000 / 1320) / 5.0, within(1e-9)));
        assertThat(testSubject.p99Ratio()).hasValueSatisfying(r -> assertThat(r).isCloseTo(0.25, within(1e-9)));
    }

    @Test
    void anAnnalsOnlyWorkloadComparesItsCpuWithVanillasRestock() {
        List<Comparison> comparisons = Comparison.of(List.of(
                measured(Target.ANNALS, WrkWorkload.RESTOCK, 3_500, 14.0, 3.5, 40_000),
                measured(Target.ANNALS, WrkWorkload.CREATE_CUSTOMERS, 2_000, 8.0, 2.0, 50_000),
                measured(Target.VANILLA, WrkWorkload.RESTOCK, 1_000, 10.0, 5.0, 160_000)));

        Comparison testSubject = comparisons.get(1);
        assertThat(testSubject.workload()).isEqualTo(WrkWorkload.CREATE_CUSTOMERS);
        assertThat(testSubject.rateRatio()).isEmpty();
        // vanilla's restock costs 15 ms, Annals' create-customer 5 ms
        assertThat(testSubject.cpuRatio()).hasValueSatisfying(r -> assertThat(r).isCloseTo(3.0, within(1e-9)));
        assertThat(Comparison.table(comparisons)).contains("| create-customers | 200.0 | – | – | 5.000 (4.000 + 1.000) "
                + "| 15.000 (10.000 + 5.000) (restock) | 3.00× (vs restock) |");
    }

    @Test
    void theLatestRunOfAPairCountsAndWorkloadsKeepTheirOrder() {
        List<Comparison> comparisons = Comparison.of(List.of(
                measured(Target.ANNALS, WrkWorkload.READ, 100_000, 10.0, 2.0, 9_000),
                measured(Target.ANNALS, WrkWorkload.RESTOCK, 1_000, 5.0, 1.0, 40_000),
                measured(Target.ANNALS, WrkWorkload.RESTOCK, 2_000, 5.0, 1.0, 40_000)));

        assertThat(comparisons).extracting(Comparison::workload).containsExactly(WrkWorkload.RESTOCK, WrkWorkload.READ);
        assertThat(comparisons.get(0).annals().orElseThrow().wrk().ok()).isEqualTo(2_000);
        assertThat(comparisons.get(0).cpuRatio()).isEmpty();
    }

    @Test
    void cpuPerOperationIsUnknownWhenACpuClockWasUnreadable() {
        Measurement testSubject = measured(Target.VANILLA, WrkWorkload.READ, 1_000, 2.0, Double.NaN, 9_000);

        assertThat(testSubject.serviceMillisPerOp()).hasValue(2.0);
        assertThat(testSubject.postgresMillisPerOp()).isEmpty();
        assertThat(testSubject.totalMillisPerOp()).isEmpty();
    }

    @Test
    void aSummaryLineReadsBackToTheSameMeasurement() {
        Measurement testSubject = measured(Target.VANILLA, WrkWorkload.CONFLICT, 1_234, 3.25, 1.5, 70_000);

        assertThat(Measurement.parse(testSubject.line())).isEqualTo(testSubject);
    }
}
