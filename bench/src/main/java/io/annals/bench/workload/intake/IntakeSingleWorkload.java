package io.annals.bench.workload.intake;

import io.annals.bench.load.Workload;
import io.annals.bench.load.WorkloadContext;

import java.time.Duration;

/** Event intake one event per request: C clients (default 32) post single event objects over S sources (100). */
public final class IntakeSingleWorkload implements Workload {

    static final IntakeScenario SCENARIO = new IntakeScenario("requests", 32, 100, 0, 1_000, IntakeMix.CLEAN,
            Duration.ofSeconds(20), 1_000, new IntakeScenario.Targets(2_000, 0, 0, 0));

    @Override
    public String name() {
        return "intake-single";
    }

    @Override
    public String description() {
        return "event intake one event per request: 32 clients over 100 sources for 20 s; requests/s, latency, "
                + "CPU per request; read model complete and exact counts";
    }

    @Override
    public void run(WorkloadContext context) throws InterruptedException {
        new IntakeBench(context, SCENARIO).run();
    }
}
