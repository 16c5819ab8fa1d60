package io.annals.bench.workload.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.ProcessCpu;
import io.annals.bench.load.Workload;
import io.annals.bench.load.WorkloadContext;
import io.annals.bench.workload.projection.EventStoreFiller;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

/**
 * The fan-out catching up a backlog (issue 20: at least 20,000 events/s per target), in two parts on two starts of
 * the service ({@code bench/run.sh fanout} runs them):
 * <ul>
 *   <li>{@code fanout-fill}, fan-out off: writes {@code --replay-events} product events (default 1,000,000) over
 *       {@value #PRODUCTS} products straight into the store and waits
 *       until every processor has caught up with them, so that only the fan-out has work afterwards;</li>
 *   <li>{@code fanout-backlog}, the service started again with the fan-out on: its processors begin at the store's
 *       tail, so the whole store is their backlog. Measures each target's published events/s until its lag is 0,
 *       the CPU per published event, and that every filled product's events are in each target in order.</li>
 * </ul>
 */
public final class FanoutBacklogWorkload implements Workload {

    /** The file the fill leaves its sku prefix in, for the backlog part to check. */
    static final String FILLED = "annals.bench.fanout.filled";
    static final int PRODUCTS = 1_000;
    private static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(10);
    private static final long POLL_MILLIS = 200;
    private static final double TARGET_PER_SECOND = 20_000;

    private final boolean fill;

    private FanoutBacklogWorkload(boolean fill) {
        this.fill = fill;
    }

    public static FanoutBacklogWorkload fill() {
        return new FanoutBacklogWorkload(true);
    }

    public static FanoutBacklogWorkload backlog() {
        return new FanoutBacklogWorkload(false);
    }

    @Override
    public String name() {
        return fill ? "fanout-fill" : "fanout-backlog";
    }

    @Override
    public String description() {
        return fill ? "writes --replay-events product events into the store for fanout-backlog (bench/run.sh fanout)"
                : "the fan-out catching up a store it has never published: events/s per target until lag 0";
    }

    @Override
    public void run(WorkloadContext context) throws IOException, InterruptedException {
        AnnalsClient admin = new AnnalsClient(context.options().baseUrl(), "admin", "admin-pw", Duration.ofSeconds(30));
        if (fill) {
            fillStore(context, admin);
        } else {
            catchUp(context, admin);
        }
    }

    private static void fillStore(WorkloadContext context, AnnalsClient admin) throws IOException, InterruptedException {
        var pidFile = context.options().postgresPidFile();
        if (pidFile.isEmpty() || System.getProperty(FILLED) == null) {
            context.check("store filled", false, "run as bench/run.sh fanout (needs the PostgreSQL pid file and -D"
                    + FILLED + ")");
            return;
        }
        String prefix = context.id("bl");
        int events = context.options().replayEvents();
        long start = System.nanoTime();
        try {
            new EventStoreFiller().fill(EventStoreFiller.jdbcUrl(pidFile.get()), prefix, PRODUCTS,
                    Math.max(1, events / PRODUCTS));
        } catch (SQLException e) {
            throw new IOException("filling the event store failed", e);
        }
        double fillSeconds = (System.nanoTime() - start) / 1e9;
        boolean caughtUp = awaitLagZero(admin, processors(admin));
        context.note(String.format(Locale.ROOT, "wrote %d events in %.1f s; every processor caught up after %.1f s",
                events, fillSeconds, (System.nanoTime() - start) / 1e9));
        context.check("processors caught up with the filled store", caughtUp, "within " + CATCH_UP_LIMIT);
        Properties filled = new Properties();
        filled.setProperty("prefix", prefix);
        try (Writer writer = Files.newBufferedWriter(Path.of(System.getProperty(FILLED)))) {
            filled.store(writer, "fanout-fill");
        }
    }

    /**
     * Measures every target the service publishes to that is behind: its published events/s until its lag is 0.
     * run.sh starts the service first with Kafka alone, then with both (Redis then catches up alone, Kafka being
     * current), so each target's rate is its own, not a share of two catching up at once.
     */
    private static void catchUp(WorkloadContext context, AnnalsClient admin) throws IOException, InterruptedException {
        List<String> listed = new ArrayList<>();
        for (String target : FanoutWorkload.TARGETS) {
            if (FanoutWorkload.listed(admin, target)) {
                listed.add(target);
            }
        }
        if (listed.isEmpty()) {
            context.check("fan-out on", false, "the service runs no fanout-redis or fanout-kafka processor");
            return;
        }
        String[] targets = FanoutWorkload.TARGETS;
        long[] backlog = new long[targets.length];
        double[] seconds = new double[targets.length];
        for (int i = 0; i < targets.length; i++) {
            backlog[i] = listed.contains(targets[i]) ? FanoutWorkload.lag(admin, targets[i]) : 0;
            if (listed.contains(targets[i]) && backlog[i] == 0) {
                context.note(targets[i] + ": current already, nothing to catch up");
            }
        }
        double[] before = FanoutWorkload.published(admin);
        ProcessCpu.Sample cpuBefore = context.cpu().sample();
        long start = System.nanoTime();
        long deadline = start + CATCH_UP_LIMIT.toNanos();
        while (System.nanoTime() < deadline && !allCaughtUp(backlog, seconds)) {
            for (int i = 0; i < targets.length; i++) {
                if (backlog[i] != 0 && seconds[i] == 0 && FanoutWorkload.lag(admin, targets[i]) == 0) {
                    seconds[i] = (System.nanoTime() - start) / 1e9;
                }
            }
            Thread.sleep(POLL_MILLIS); // polling a running service for the end of its work
        }
        ProcessCpu.Sample cpu = context.cpu().sample().minus(cpuBefore);
        double[] after = FanoutWorkload.published(admin);
        double published = 0;
        for (int i = 0; i < targets.length; i++) {
            if (backlog[i] == 0) {
                continue;
            }
            double count = after[i] - before[i];
            published += count;
            context.note(String.format(Locale.ROOT, "%s: %d events behind when observed, published %.0f in %.1f s: "
                            + "%.0f events/s (target %.0f)", targets[i], backlog[i], count, seconds[i],
                    seconds[i] == 0 ? 0 : count / seconds[i], TARGET_PER_SECOND));
            context.check(targets[i] + " caught up", seconds[i] > 0, "lag 0 within " + CATCH_UP_LIMIT);
        }
        double events = published;
        if (events > 0) {
            cpu.service().ifPresent(service -> context.note(String.format(Locale.ROOT, "CPU per published event: "
                            + "service %.3f ms, postgres %.3f ms (%s)", service * 1000 / events,
                    cpu.postgres().orElse(Double.NaN) * 1000 / events, cpu.describe())));
        }
        verifyFilled(context, listed);
    }

    /** Whether every target that was behind has reached lag 0. */
    private static boolean allCaughtUp(long[] backlog, double[] seconds) {
        for (int i = 0; i < backlog.length; i++) {
            if (backlog[i] != 0 && seconds[i] == 0) {
                return false;
            }
        }
        return true;
    }

    /** Every filled product's events in the listed targets, in version order. */
    private static void verifyFilled(WorkloadContext context, List<String> targets)
            throws IOException, InterruptedException {
        Path file = System.getProperty(FILLED) == null ? null : Path.of(System.getProperty(FILLED));
        if (file == null || !Files.exists(file)) {
            context.note("no filled products to check (fanout-fill did not run)");
            return;
        }
        Properties filled = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            filled.load(reader);
        }
        String prefix = filled.getProperty("prefix");
        List<String> skus = IntStream.range(0, PRODUCTS).mapToObj(i -> prefix + "-" + i).toList();
        FanoutWorkload.verifyTargets(context, skus, new HashSet<>(skus), targets);
    }

    private static List<String> processors(AnnalsClient admin) throws IOException, InterruptedException {
        return StreamSupport.stream(admin.get("/api/admin/projections").json().spliterator(), false)
                .map(status -> status.path("name").asText()).toList();
    }

    private static boolean awaitLagZero(AnnalsClient admin, List<String> processors)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (JsonNode status : admin.get("/api/admin/projections").json()) {
                if (processors.contains(status.path("name").asText()) && status.path("lag").isNumber()
                        && status.path("lag").asLong() != 0) {
                    all = false;
                }
            }
            if (all) {
                return true;
            }
            Thread.sleep(POLL_MILLIS); // polling a running service for the end of its work
        }
        return false;
    }
}
