package io.annals.bench.workload.intake;

import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Budget;
import io.annals.bench.load.PhaseResult;
import io.annals.bench.load.ProcessCpu;
import io.annals.bench.load.WorkloadContext;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Runs an {@link IntakeScenario}: builds every request body first, warms up on sources of its own and waits until
 * the read model has them, then measures the intake phase, waits until the enriched read model holds every accepted
 * event, prints throughput, acknowledgement latency, enrichment rate, lag and CPU per event beside the targets, and
 * checks the counts and the ordering.
 */
final class IntakeBench {

    static final String PATH = "/api/intake/events";
    /** The demo profile's READER: the read side is read as a reader would. */
    static final String READER = "reader";
    static final String READER_PASSWORD = "reader-pw";
    static final Duration GIVE_UP = Duration.ofSeconds(300);
    static final int SAMPLED_SOURCES = 3;
    static final int PAGE_SIZE = 200;
    /** Source name fragments the seed's classification looks for, so the events spread over the categories. */
    private static final String[] SOURCE_KINDS = {"user", "system", "monitor", "alert", "payments"};

    private final WorkloadContext context;
    private final IntakeScenario scenario;
    private final Duration giveUp;

    IntakeBench(WorkloadContext context, IntakeScenario scenario) {
        this(context, scenario, GIVE_UP);
    }

    /** @param giveUp how long to wait for the read model before failing the check (short in tests) */
    IntakeBench(WorkloadContext context, IntakeScenario scenario, Duration giveUp) {
        this.context = context;
        this.scenario = scenario;
        this.giveUp = giveUp;
    }

    void run() throws InterruptedException {
        var options = context.options();
        int clients = options.clientsOr(scenario.defaultClients());
        int sourceCount = options.productsOr(scenario.defaultSources());
        long warmup = options.warmupOr(scenario.defaultWarmup());
        if (warmup > 0) {
            Load warm = prepare("w", clients, sourceCount, 1);
            context.warmup(context.workload(), clients, warmup, warm.sender);
            ReadModelWatch.Result caughtUp = watch().awaitAccepted(warm.sources, warm.ledger, giveUp);
            context.check("warm-up read model complete", caughtUp.complete(), caughtUp.complete()
                    ? "before the measured phase" : "still behind after " + giveUp.toSeconds() + " s");
        }
        Load load = prepare("s", clients, sourceCount, 2);
        ProcessCpu.Sample before = context.cpu().sample();
        PhaseResult phase = context.phase(context.workload(), clients, budget(), load.sender);
        ProcessCpu.Sample atLoadEnd = context.cpu().sample();
        ReadModelWatch watch = watch();
        ReadModelWatch.Result result = watch.awaitAccepted(load.sources, load.ledger, giveUp);
        ProcessCpu.Sample atComplete = context.cpu().sample();
        report(phase, load, result, atLoadEnd.minus(before), atComplete.minus(before));
        Map<String, SourceView> views = watch.settle(load.sources, load.ledger, result.views());
        for (IntakeChecks.Verdict verdict : IntakeChecks.judge(load.sources, load.ledger, views)) {
            context.check(verdict.name(), verdict.passed(), verdict.detail());
        }
        checkListing(load.sources);
    }

    private record Load(List<String> sources, IntakeLedger ledger, IntakeSender sender) {
    }

    /** Every body of the phase, serialized before it starts. */
    private Load prepare(String prefix, int clients, int sourceCount, long seed) {
        List<String> sources = sources(prefix, sourceCount);
        IntakeBodies generator = new IntakeBodies(sources, scenario.mix(), seed, Instant.now().getEpochSecond());
        List<List<BodyTemplate>> bodies = new ArrayList<>(clients);
        for (int client = 0; client < clients; client++) {
            bodies.add(scenario.arrays()
                    ? generator.arrays(client, scenario.bodiesPerClient(), scenario.eventsPerBody())
                    : generator.singles(client, scenario.bodiesPerClient()));
        }
        IntakeLedger ledger = new IntakeLedger(sourceCount);
        AnnalsClient client = context.client();
        IntakeSender sender = new IntakeSender(bodies, ledger, body -> client.post(PATH, body),
                IntakeSender.sleeping());
        return new Load(sources, ledger, sender);
    }

    private List<String> sources(String prefix, int count) {
        List<String> sources = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sources.add(context.id(String.format(Locale.ROOT, "%s-%s-%03d", prefix,
                    SOURCE_KINDS[i % SOURCE_KINDS.length], i)));
        }
        return sources;
    }

    /** {@code --duration}, else {@code --operations} (bodies), else the scenario's duration. */
    private Budget budget() {
        var options = context.options();
        return options.duration().map(Budget::timed)
                .or(() -> options.operations().map(Budget::operations))
                .orElseGet(() -> Budget.timed(scenario.defaultDuration()));
    }

    private ReadModelWatch watch() {
        AnnalsClient client = context.client();
        return new ReadModelWatch(source -> {
            AnnalsClient.Answer answer = client.get("/api/intake/sources/" + source, READER, READER_PASSWORD);
            if (answer.status() == 404) {
                return Optional.empty();
            }
            if (!answer.isOk()) {
                throw new IOException("GET source " + source + " answered " + answer.status());
            }
            return Optional.of(SourceView.of(answer.json()));
        }, IntakeSender.sleeping());
    }

    private void report(PhaseResult phase, Load load, ReadModelWatch.Result result, ProcessCpu.Sample loadCpu,
                        ProcessCpu.Sample totalCpu) {
        IntakeLedger ledger = load.ledger;
        IntakeScenario.Targets targets = scenario.targets();
        long accepted = ledger.answeredAccepted();
        double seconds = phase.seconds();
        var latency = phase.latency();
        if (scenario.arrays()) {
            context.note(String.format(Locale.ROOT, "accepted %,d events in %.1f s: %,.0f events/s (target >= %,.0f "
                            + "at %d clients x %,d-event batches over %d sources); ack per batch p50 %.1f ms, "
                            + "p99 %.1f ms, max %.1f ms (target p99 <= %.0f ms)", accepted, seconds,
                    accepted / seconds, targets.eventsPerSecond(), phase.clients(), scenario.eventsPerBody(),
                    ledger.sources(), latency.percentileMillis(50), latency.percentileMillis(99),
                    latency.maxMillis(), targets.ackP99Millis()));
        } else {
            context.note(String.format(Locale.ROOT, "%,d requests in %.1f s: %,.0f requests/s (target >= %,.0f at "
                            + "%d clients), %,d accepted; p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    phase.succeeded(), seconds, phase.succeededPerSecond(), targets.eventsPerSecond(),
                    phase.clients(), accepted, latency.percentileMillis(50), latency.percentileMillis(99),
                    latency.maxMillis()));
        }
        context.note(String.format(Locale.ROOT, "sent %,d acknowledged %s with %,d planned new events, %,d "
                        + "duplicates and %,d malformed events; %,d answers were 429 (waited out and sent again), "
                        + "%,d attempts failed otherwise", ledger.acknowledgedBodies(), scenario.units(),
                ledger.totalExpectedAccepted(), ledger.totalInjectedDuplicates(), ledger.injectedMalformed(),
                ledger.backpressuredAttempts(), ledger.failedAttempts()));
        OptionalLong firstPost = load.sender.firstPostNanos();
        OptionalLong lastAck = load.sender.lastAckNanos();
        if (result.complete() && firstPost.isPresent() && lastAck.isPresent()) {
            double endToEnd = (result.completeAtNanos() - firstPost.getAsLong()) / 1e9;
            double lagMillis = Math.max(0, (result.completeAtNanos() - lastAck.getAsLong()) / 1e6);
            context.note(String.format(Locale.ROOT, "enrichment: read model complete %.2f s after the first post: "
                            + "%,.0f events/s end to end%s; lag at load end %.0f ms%s (exact to a pass over the "
                            + "sources; %d GETs polled)", endToEnd, accepted / endToEnd,
                    target(" (target >= %,.0f)", targets.enrichedPerSecond()), lagMillis,
                    target(" (target <= %,.0f ms)", targets.lagMillis()), result.gets()));
        } else {
            context.note("enrichment: the read model was not complete within " + giveUp.toSeconds() + " s");
        }
        String per = scenario.arrays() ? "accepted event" : "request";
        long divisor = scenario.arrays() ? accepted : phase.succeeded();
        context.note(String.format(Locale.ROOT, "CPU per %s from the first post until the read model was complete: "
                        + "service %s, PostgreSQL %s, load generator %s (during the load alone: service %s, "
                        + "PostgreSQL %s); %s", per, micros(totalCpu.service(), divisor),
                micros(totalCpu.postgres(), divisor), micros(Optional.of(totalCpu.loadGenerator()), divisor),
                micros(loadCpu.service(), divisor), micros(loadCpu.postgres(), divisor), totalCpu.describe()));
    }

    private static String target(String format, double target) {
        return target > 0 ? String.format(Locale.ROOT, format, target) : "";
    }

    private static String micros(Optional<Double> cpuSeconds, long operations) {
        return cpuSeconds.filter(s -> operations > 0)
                .map(s -> String.format(Locale.ROOT, "%.1f µs", s * 1e6 / operations)).orElse("n/a");
    }

    /** A page of a few sources' events: each source's sequence must run 1, 2, 3 … in global order. */
    private void checkListing(List<String> sources) {
        List<String> sampled = new ArrayList<>();
        for (int i = 0; i < SAMPLED_SOURCES && i < sources.size(); i++) {
            sampled.add(sources.get(i * sources.size() / SAMPLED_SOURCES));
        }
        for (String source : sampled) {
            try {
                AnnalsClient.Answer answer = context.client().get(PATH + "?source=" + source + "&page=0&size="
                        + PAGE_SIZE, READER, READER_PASSWORD);
                if (!answer.isOk()) {
                    context.check("listing ordered", false, "GET events of " + source + " answered "
                            + answer.status() + ": " + answer.body());
                    continue;
                }
                List<IntakeChecks.ListedEvent> page = new ArrayList<>();
                for (var item : answer.json().path("items")) {
                    page.add(new IntakeChecks.ListedEvent(item.path("source_id").asText(),
                            item.path("source_sequence").asLong(-1), item.path("global_sequence").asLong(-1)));
                }
                IntakeChecks.Verdict verdict = IntakeChecks.sourcePage(source, page);
                context.check(verdict.name(), verdict.passed(), verdict.detail());
            } catch (IOException e) {
                context.check("listing ordered", false, "GET events of " + source + " failed: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
