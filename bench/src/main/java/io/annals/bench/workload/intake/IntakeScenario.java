package io.annals.bench.workload.intake;

import java.time.Duration;

/**
 * The shape of an intake workload; its options ({@code --clients}, {@code --products} as the number of sources,
 * {@code --duration}/{@code --operations}, {@code --warmup}) override the defaults here.
 *
 * @param units           what the operations send, for the printout ("batches", "requests")
 * @param eventsPerBody   events per request body; 0 for one event object per body (not an array)
 * @param bodiesPerClient how many distinct bodies each client cycles through (fresh event ids every round)
 * @param targets         the figures the workload is meant to reach, printed beside the measured ones
 */
record IntakeScenario(String units, int defaultClients, int defaultSources, int eventsPerBody, int bodiesPerClient,
                      IntakeMix mix, Duration defaultDuration, long defaultWarmup, Targets targets) {

    /**
     * @param eventsPerSecond     accepted events per second (or requests per second for single events)
     * @param ackP99Millis        p99 of the acknowledgement latency, or 0 for none
     * @param enrichedPerSecond   events per second from the first post until the read model is complete, or 0
     * @param lagMillis           read model complete at most this long after the last acknowledgement, or 0
     */
    record Targets(double eventsPerSecond, double ackP99Millis, double enrichedPerSecond, double lagMillis) {
    }

    boolean arrays() {
        return eventsPerBody > 0;
    }

    int eventsPerOperation() {
        return arrays() ? eventsPerBody : 1;
    }
}
