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
 */
public final class FanoutWorkload implements Workload {

    /** The file {@link FanoutBrokers} wrote, handed over by run.sh as a system property. */
    static final String BROKERS = "annals.bench.fanout.brokers";
    static final String[] TARGETS = {"fanout-redis", "fanout-kafka"};
    private static final int DEFAULT_PRODUCTS = 200;
    private static final int DEFAULT_CLIENTS = 32;
    private static final long DEFAULT_OPERATIONS = 20_000;
    private static final long DEFAULT_WARMUP = 2_000;
    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(5);
    private static final long POLL_MILLIS = 100;
    private static final Duration VERIFY_PATIENCE = Duration.ofSeconds(60);
    private static final long VERIFY_RETRY_MILLIS = 1_000;

    @Override
    public String name() {
        return "fanout";
    }

    @Override
    public String description() {
        return "restock load with the fan-out to Redis and Kafka on (bench/run.sh fanout): published events/s per "
                + "target, lag at the end, CPU per published event; every event in each target, in order";
    }

    @Override
    public void run(WorkloadContext context) throws IOException, InterruptedException {
        String brokersFile = System.getProperty(BROKERS);
        if (brokersFile == null) {
            context.check("fan-out brokers", false, "run this workload as bench/run.sh fanout, which starts them");
            return;
        }
        Properties brokers = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(brokersFile))) {
            brokers.load(reader);
        }
        AnnalsClient admin = new AnnalsClient(context.options().baseUrl(), "admin", "admin-pw",
                Duration.ofSeconds(30));
        if (!listed(admin, TARGETS[0]) || !listed(admin, TARGETS[1])) {
            context.check("fan-out on", false, "the service runs no fanout-redis and fanout-kafka processors");
            return;
        }
        var options = context.options();
        List<String> skus = ProductApi.skus(context, "f", options.productsOr(DEFAULT_PRODUCTS));
        ProductApi.register(context, skus, 100);
        Operation restock = (client, sequence) -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String sku = skus.get(random.nextInt(skus.size()));
            return Outcome.status(context.client().post("/api/products/" + sku + "/restock",
                    "{\"quantity\":" + (1 + random.nextInt(100)) + "}").status());
        };
        int clients = options.clientsOr(DEFAULT_CLIENTS);
        context.warmup("restock", clients, options.warmupOr(DEFAULT_WARMUP), restock);

        double[] publishedBefore = published(admin);
        ProcessCpu.Sample cpuBefore = context.cpu().sample();
        long start = System.nanoTime();
        PhaseResult phase = context.phase("restock with fan-out", clients, options.measuredOr(DEFAULT_OPERATIONS),
                restock);
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

        Set<String> aggregates = new HashSet<>(skus);
        verify(context, "Redis", () -> FanoutTargets.redis(brokers.getProperty("redis.url"),
                brokers.getProperty("stream"), aggregates), skus);
        verify(context, "Kafka", () -> FanoutTargets.kafka(brokers.getProperty("kafka.bootstrap-servers"),
                brokers.getProperty("topic"), aggregates), skus);
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

    private static boolean listed(AnnalsClient admin, String processor) throws IOException, InterruptedException {
        for (JsonNode status : admin.get("/api/admin/projections").json()) {
            if (processor.equals(status.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** -1 while the processor has no position yet (no token stored). */
    private static long lag(AnnalsClient admin, String processor) throws IOException, InterruptedException {
        for (JsonNode status : admin.get("/api/admin/projections").json()) {
            if (processor.equals(status.path("name").asText()) && status.path("lag").isNumber()) {
                return status.path("lag").asLong();
            }
        }
        return -1;
    }

    /** The service's {@code annals.fanout.published} counter per target, in {@link #TARGETS} order. */
    private static double[] published(AnnalsClient admin) throws IOException, InterruptedException {
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
