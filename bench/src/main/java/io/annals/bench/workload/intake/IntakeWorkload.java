package io.annals.bench.workload.intake;

import io.annals.bench.load.Workload;
import io.annals.bench.load.WorkloadContext;

import java.time.Duration;

/**
 * Event intake in batches: N clients (default 8) post JSON arrays of 1,000 events spread over S sources (default
 * 100; {@code --products}) with about 1 % duplicates and 0.5 % malformed events; then the time until the enriched
 * read model holds every accepted event.
 */
public final class IntakeWorkload implements Workload {

    static final IntakeScenario SCENARIO = new IntakeScenario("batches", 8, 100, 1_000, 4, IntakeMix.REALISTIC,
            Duration.ofSeconds(20), 20, new IntakeScenario.Targets(50_000, 100, 25_000, 1_000));

    @Override
    public String name() {
        return "intake";
    }

    @Override
    public String description() {
        return "event intake: 8 clients post batches of 1000 events over 100 sources (1 % duplicates, 0.5 % "
                + "malformed) for 20 s; events/s, ack latency, enrichment rate and lag, CPU per event; exact counts";
    }

    @Override
    public void run(WorkloadContext context) throws InterruptedException {
        new IntakeBench(context, SCENARIO).run();
    }
}
