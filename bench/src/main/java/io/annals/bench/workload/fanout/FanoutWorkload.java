package io.annals.bench.workload.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Operation;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.PhaseResult;
import io.annals.bench.load.ProcessCpu;
import io.annals.bench.load.Workload;
import io.annals.bench.load.WorkloadContext;
import io.annals.bench.workload.product.ProductApi;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * Restock load with the event fan-out on, to Redis and Kafka ({@link FanoutBrokers}, started by
 * {@code bench/run.sh fanout}): published events/s per target, each target's lag when the load ends, the service's
 * CPU per published event; then every product's events must be in each target once or more, in version order.
 *
 * <p>{@code fanout-off} runs the same restock load against a service with the fan-out off and leaves its figures in
 * the file named by {@value #COMPARE}; {@code fanout} then prints its own against them (issue 20: within 10 %).
 * {@code bench/run.sh fanout} runs both, each on its own start of the service.
 */
public final class FanoutWorkload implements Workload {

    /** The file {@link FanoutBrokers} wrote, handed over by run.sh as a system property. */
    static final String BROKERS = "annals.bench.fanout.brokers";
    /** The file the fan-out-off run writes its restock figures to and the fan-out run reads them from. */
    static final String COMPARE = "annals.bench.fanout.compare";
    /** How much slower restocks may be with the fan-out on (issue 20). */
    static final double ALLOWED_SLOWDOWN = 0.10;
    static final String[] TARGETS = {"fanout-redis", "fanout-kafka"};
    private static final int DEFAULT_PRODUCTS = 200;
    private static final int DEFAULT_CLIENTS = 32;
    private static final long DEFAULT_OPERATIONS = 20_000;
    private static final long DEFAULT_WARMUP = 2_000;
    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(5);
    private static final long POLL_MILLIS = 100;
    private static final Duration VERIFY_PATIENCE = Duration.ofSeconds(60);
    private static final long VERIFY_RETRY_MILLIS = 1_000;

    private final boolean fanoutOn;

    public FanoutWorkload() {
        this(true);
    }

    private FanoutWorkload(boolean fanoutOn) {
        this.fanoutOn = fanoutOn;
    }

    /** The same restock load against a service with the fan-out off, for the comparison. */
    public static FanoutWorkload off() {
        return new FanoutWorkload(false);
    }

    @Override
    public String name() {
        return fanoutOn ? "fanout" : "fanout-off";
    }

    @Override
    public String description() {
        return fanoutOn
                ? "restock load with the fan-out to Redis and Kafka on (bench/run.sh fanout): published events/s per "
                + "target, lag at the end, CPU per published event; every event in each target, in order"
                : "the fanout workload's restock load with the fan-out off, the baseline it is compared with";
    }

    @Override
    public void run(WorkloadContext context) throws IOException, InterruptedException {
        if (!fanoutOn) {
            restockPhase(context, ProductApi.skus(context, "f", context.options().productsOr(DEFAULT_PRODUCTS)))
                    .save(context);
            return;
        }
        if (System.getProperty(BROKERS) == null) {
            context.check("fan-out brokers", false, "run this workload as bench/run.sh fanout, which starts them");
            return;
        }
        AnnalsClient admin = new AnnalsClient(context.options().baseUrl(), "admin", "admin-pw",
                Duration.ofSeconds(30));
        if (!listed(admin, TARGETS[0]) || !listed(admin, TARGETS[1])) {
            context.check("fan-out on", false, "the service runs no fanout-redis and fanout-kafka processors");
            return;
        }
        List<String> skus = ProductApi.skus(context, "f", context.options().productsOr(DEFAULT_PRODUCTS));
        double[] publishedBefore = published(admin);
        ProcessCpu.Sample cpuBefore = context.cpu().sample();
        long start = System.nanoTime();
        RestockFigures restocks = restockPhase(context, skus);
        restocks.compare(context, ALLOWED_SLOWDOWN);
        PhaseResult phase = restocks.phase();
        for (String target : TARGETS) {
            long lag = lag(admin, target);
            context.note(target + ": lag when the load ended " + (lag < 0 ? "unknown (no position stored yet)"
                    : lag + " events"));
        }
        boolean caughtUp = awaitCaughtUp(admin);
        double seconds = (System.nanoTime() - start) / 1e9;
        ProcessCpu.Sample cpu = context.cpu().sample().minus(cpuBefore);
        double[] publishedAfter = published(admin);
        double total = 0;
        for (int i = 0; i < TARGETS.length; i++) {
            double count = publishedAfter[i] - publishedBefore[i];
            total += count;
            context.note(String.format(Locale.ROOT, "%s: %.0f events published in %.1f s, %.0f events/s "
                    + "(restocks acknowledged: %.0f/s)", TARGETS[i], count, seconds, count / seconds,
                    phase.succeededPerSecond()));
        }
        double published = total;
        cpu.service().ifPresent(serviceSeconds -> context.note(String.format(Locale.ROOT,
                "service CPU %.1f s, %.3f ms per published event (both targets, restock handling included)",
                serviceSeconds, published == 0 ? 0 : serviceSeconds * 1000 / published)));
        context.check("fan-out caught up", caughtUp, "lag 0 on both targets within " + CATCH_UP_LIMIT);

        verifyTargets(context, skus, new HashSet<>(skus));
    }

    /** Each target holds every event of the products, in per-aggregate order (the brokers as run.sh started them). */
    static void verifyTargets(WorkloadContext context, List<String> skus, Set<String> aggregates)
            throws IOException, InterruptedException {
        verifyTargets(context, skus, aggregates, List.of(TARGETS));
    }

    /** As above, for the named processors' targets only. */
    static void verifyTargets(WorkloadContext context, List<String> skus, Set<String> aggregates, List<String> targets)
            throws IOException, InterruptedException {
        Properties brokers = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(System.getProperty(BROKERS)))) {
            brokers.load(reader);
        }
        if (targets.contains(TARGETS[0])) {
            verify(context, "Redis", () -> FanoutTargets.redis(brokers.getProperty("redis.url"),
                    brokers.getProperty("stream"), aggregates), skus);
        }
        if (targets.contains(TARGETS[1])) {
            verify(context, "Kafka", () -> FanoutTargets.kafka(brokers.getProperty("kafka.bootstrap-servers"),
                    brokers.getProperty("topic"), aggregates), skus);
        }
    }

    /**
     * Registers the products, warms up and runs the measured restock phase; the figures it leaves in the context's
     * report are what the fan-out on and off runs compare.
     */
    private static RestockFigures restockPhase(WorkloadContext context, List<String> skus) {
        var options = context.options();
        ProductApi.register(context, skus, 100);
        Operation restock = (client, sequence) -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String sku = skus.get(random.nextInt(skus.size()));
            return Outcome.status(context.client().post("/api/products/" + sku + "/restock",
                    "{\"quantity\":" + (1 + random.nextInt(100)) + "}").status());
        };
        int clients = options.clientsOr(DEFAULT_CLIENTS);
        context.warmup("restock", clients, options.warmupOr(DEFAULT_WARMUP), restock);
        ProcessCpu.Sample before = context.cpu().sample();
        PhaseResult phase = context.phase("restock with fan-out " + (context.workload().equals("fanout") ? "on" : "off"),
                clients, options.measuredOr(DEFAULT_OPERATIONS), restock);
        RestockFigures figures = new RestockFigures(phase, context.cpu().sample().minus(before));
        context.note(figures.describe());
        return figures;
    }

    /**
     * Each product's events must be versions 0, 1, 2 … up to its current version, in that order. Read again for a
     * while when some are missing: a zero lag means the tokens passed the head, while events committed late (gaps
     * in the global index) may still be on their way.
     */
    private static void verify(WorkloadContext context, String target, Supplier<FanoutTargets.Seen> read,
                               List<String> skus) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + VERIFY_PATIENCE.toNanos();
        while (true) {
            FanoutTargets.Seen seen = read.get();
            List<String> wrong = new ArrayList<>();
            for (String sku : skus) {
                List<Long> versions = seen.versions().getOrDefault(sku, List.of());
                long current = context.client().get("/api/products/" + sku + "?minVersion="
                        + Math.max(0, versions.size() - 1))
                        .json().path("version").asLong(-1);
                List<Long> expected = LongStream.rangeClosed(0, current).boxed().toList();
                if (!versions.equals(expected)) {
                    List<Long> missing = expected.stream().filter(version -> !versions.contains(version)).toList();
                    wrong.add(sku + ": " + versions.size() + " events, expected versions 0.." + current
                            + (missing.isEmpty() ? ", out of order: " + versions : ", missing " + missing)
                            + " (" + seen.records() + " records in all, " + seen.duplicates() + " duplicates)");
                }
            }
            if (wrong.isEmpty() || System.nanoTime() > deadline) {
                context.check(target + " holds every event in per-aggregate order", wrong.isEmpty(), wrong.isEmpty()
                        ? String.format(Locale.ROOT, "%d records of %d products, %d duplicates (complete %.1f s "
                                + "after the lag was 0)", seen.records(), skus.size(), seen.duplicates(),
                        (System.nanoTime() - start) / 1e9)
                        : wrong.size() + " products wrong after " + VERIFY_PATIENCE + ", e.g. " + wrong.get(0));
                return;
            }
            Thread.sleep(VERIFY_RETRY_MILLIS);
        }
    }

    private static boolean awaitCaughtUp(AnnalsClient admin) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (lag(admin, TARGETS[0]) == 0 && lag(admin, TARGETS[1]) == 0) {
                return true;
            }
            Thread.sleep(POLL_MILLIS);
        }
        return false;
    }

    static boolean listed(AnnalsClient admin, String processor) throws IOException, InterruptedException {
        for (JsonNode status : admin.get("/api/admin/projections").json()) {
            if (processor.equals(status.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** -1 while the processor has no position yet (no token stored). */
    static long lag(AnnalsClient admin, String processor) throws IOException, InterruptedException {
        for (JsonNode status : admin.get("/api/admin/projections").json()) {
            if (processor.equals(status.path("name").asText()) && status.path("lag").isNumber()) {
                return status.path("lag").asLong();
            }
        }
        return -1;
    }

    /** The service's {@code annals.fanout.published} counter per target, in {@link #TARGETS} order. */
    static double[] published(AnnalsClient admin) throws IOException, InterruptedException {
        double[] counts = new double[TARGETS.length];
        for (int i = 0; i < TARGETS.length; i++) {
            var answer = admin.get("/actuator/metrics/annals.fanout.published?tag=target:" + TARGETS[i]);
            if (answer.isOk()) {
                for (JsonNode measurement : answer.json().path("measurements")) {
                    counts[i] += measurement.path("value").asDouble();
                }
            }
        }
        return counts;
    }
}
