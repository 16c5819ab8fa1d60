package io.annals.bench.load;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

    @Test
    void cpuPerOperationIsInMillisecondsPerSuccessfulOperation() {
        ProcessCpu.Sample used = new ProcessCpu.Sample(Optional.of(10.0), Optional.of(2.5), 4.0)
                .minus(new ProcessCpu.Sample(Optional.of(2.0), Optional.of(0.5), 1.0));

        assertThat(used.describePerOperation(2_000))
                .isEqualTo("CPU per op (2000 ops): service 4.000 ms, postgres 1.000 ms, both 5.000 ms");
    }

    @Test
    void twoSpansAddUp() {
        ProcessCpu.Sample run = new ProcessCpu.Sample(Optional.of(8.0), Optional.of(2.0), 1.0);
        ProcessCpu.Sample tail = new ProcessCpu.Sample(Optional.of(1.0), Optional.of(0.5), 0.0);

        assertThat(run.plus(tail)).isEqualTo(new ProcessCpu.Sample(Optional.of(9.0), Optional.of(2.5), 1.0));
        assertThat(run.plus(new ProcessCpu.Sample(Optional.empty(), Optional.of(1.0), 0.0)).service()).isEmpty();
    }

    @Test
    void anUnreadableClockOrNoOperationGivesNoFigure() {
        ProcessCpu.Sample used = new ProcessCpu.Sample(Optional.of(1.0), Optional.empty(), 0.5);

        assertThat(used.describePerOperation(100))
                .isEqualTo("CPU per op (100 ops): service 10.000 ms, postgres n/a ms, both n/a ms");
        assertThat(used.describePerOperation(0)).contains("service n/a ms");
    }
}
