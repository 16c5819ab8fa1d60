package io.annals.bench.wrk;

import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Budget;
import io.annals.bench.load.Options;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.PhaseResult;
import io.annals.bench.load.PhaseRunner;
import io.annals.bench.load.ProcessCpu;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Drives one running service (Annals or the vanilla peer) with wrk: per workload it creates the products the
 * workload needs (here, over the JDK's HTTP client: not measured), runs a wrk warm-up, then the measured wrk run
 * between two readings of the service's and PostgreSQL's CPU clocks, checks that no acknowledged restock was lost,
 * prints a line per workload and appends a {@code RESULT} line to the summary file. wrk's own CPU is not charged
 * to anyone: it is neither the service nor PostgreSQL. Exits 1 when a check failed, 2 on bad usage.
 */
public final class WrkBench {

    static final String USAGE = """
            usage: java -cp bench/target/bench.jar io.annals.bench.wrk.WrkBench [options] workload ...
              --target annals|vanilla   which API the requests follow (default annals)
              --base-url URL            the running service (default http://127.0.0.1:8080)
              --user U --password P     HTTP Basic for annals (default writer / writer-pw)
              --duration D              measured wrk run per workload (default 30s)
              --warmup D                wrk warm-up before it (default 5s; 0s = none)
              --threads N               wrk threads (default 2)
              --settle D                before and after the measured run, wait up to D for the service and its
                                        PostgreSQL to fall quiet (default 60s; 0s = not)
              --quiet-cpu C             quiet: below C CPU seconds per second, both together (default 0.1)
              --script F                the Lua script (default bench/wrk/workloads.lua)
              --summary F               append a RESULT line per workload to F
              --await-health D          wait up to D for the service first (default 180s)
              --service-pid PID         the service's pid (default: the process listening on the port)
              --postgres-pid-file F     its PostgreSQL's postmaster.pid (default: postgres processes below the service)
            workloads: restock, create, create-customers (annals only), read, conflict
            """;

    private static final int SETUP_CLIENTS = 16;
    private static final Duration AWAIT_STOCK = Duration.ofSeconds(60);
    private static final Pattern AVAILABLE = Pattern.compile("\"available\"\\s*:\\s*(\\d+)");
    private static final long INITIAL_STOCK = 100;

    private final Settings settings;
    private final AnnalsClient client;
    private final ProcessCpu cpu;
    private final PhaseRunner runner = new PhaseRunner();
    private final String runId = Long.toString(System.currentTimeMillis() / 1000, 36);
    private boolean allPassed = true;

    record Settings(Target target, URI baseUrl, String user, String password, Duration duration, Duration warmup,
                    Duration settle, double quietCpu, int threads, Path script, Path summary, Duration awaitHealth, OptionalLong servicePid,
                    Path postgresPidFile, List<WrkWorkload> workloads) {

        static Settings parse(String... args) {
            Target target = Target.ANNALS;
            URI baseUrl = URI.create("http://127.0.0.1:8080");
            String user = "writer";
            String password = "writer-pw";
            Duration duration = Duration.ofSeconds(30);
            Duration warmup = Duration.ofSeconds(5);
            Duration settle = Duration.ofSeconds(60);
            double quietCpu = 0.1;
            int threads = 2;
            Path script = Path.of("bench/wrk/workloads.lua");
            Path summary = null;
            Duration awaitHealth = Duration.ofSeconds(180);
            OptionalLong servicePid = OptionalLong.empty();
            Path postgresPidFile = null;
            List<WrkWorkload> workloads = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String key = args[i];
                if (!key.startsWith("--")) {
                    workloads.add(WrkWorkload.named(key));
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(key + " needs a value");
                }
                String value = args[++i];
                switch (key) {
                    case "--target" -> target = Target.named(value);
                    case "--base-url" -> baseUrl = URI.create(value.endsWith("/") ? value : value + "/");
                    case "--user" -> user = value;
                    case "--password" -> password = value;
                    case "--duration" -> duration = Options.parse("--duration", value).duration().orElseThrow();
                    case "--warmup" -> warmup = durationOrZero(value);
                    case "--settle" -> settle = durationOrZero(value);
                    case "--quiet-cpu" -> quietCpu = Double.parseDouble(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--script" -> script = Path.of(value);
                    case "--summary" -> summary = Path.of(value);
                    case "--await-health" -> awaitHealth = Options.parse("--duration", value).duration().orElseThrow();
                    case "--service-pid" -> servicePid = OptionalLong.of(Long.parseLong(value));
                    case "--postgres-pid-file" -> postgresPidFile = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + key);
                }
            }
            if (workloads.isEmpty()) {
                throw new IllegalArgumentException("name at least one workload");
            }
            return new Settings(target, baseUrl, user, password, duration, warmup, settle, quietCpu, threads, script, summary,
                    awaitHealth, servicePid, postgresPidFile, List.copyOf(workloads));
        }

        private static Duration durationOrZero(String value) {
            return value.matches("0+s?") ? Duration.ZERO : Options.parse("--duration", value).duration().orElseThrow();
        }
    }

    private WrkBench(Settings settings, AnnalsClient client, ProcessCpu cpu) {
        this.settings = settings;
        this.client = client;
        this.cpu = cpu;
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        AnnalsClient client = new AnnalsClient(settings.baseUrl(), settings.user(), settings.password(),
                Duration.ofSeconds(30));
        if (!awaitHealthy(settings, client)) {
            System.exit(1);
            return;
        }
        List<Long> postgresPids = new ArrayList<>();
        if (settings.postgresPidFile() != null) {
            ProcessCpu.readPidFile(settings.postgresPidFile()).ifPresent(postgresPids::add);
        }
        int port = settings.baseUrl().getPort();
        ProcessCpu cpu = ProcessCpu.locate(settings.servicePid(), postgresPids, port);
        System.out.println("wrk against " + settings.target().label() + " at " + settings.baseUrl() + ": service pid "
                + (cpu.servicePid().isPresent() ? cpu.servicePid().getAsLong() : "unknown") + ", postgres "
                + (postgresPids.isEmpty() ? "below the service" : postgresPids) + "; the client (wrk, "
                + settings.threads() + " threads) is not charged");
        WrkBench bench = new WrkBench(settings, client, cpu);
        for (WrkWorkload workload : settings.workloads()) {
            if (!workload.runsOn(settings.target())) {
                System.out.println(workload.label() + ": not offered by " + settings.target().label() + ", skipped");
                continue;
            }
            try {
                bench.run(workload);
            } catch (Exception e) {
                bench.fail(workload, "aborted: " + e);
            }
        }
        System.exit(bench.allPassed ? 0 : 1);
    }

    private void run(WrkWorkload workload) throws IOException, InterruptedException {
        String prefix = "wrk-" + runId + "-" + workload.label();
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < workload.products(); i++) {
            skus.add(String.format(Locale.ROOT, "%s-%06d", prefix, i));
        }
        register(workload, skus);
        long acknowledged = 0;
        if (!settings.warmup().isZero()) {
            WrkResult warm = wrk(workload, workload.products() == 0 ? prefix + "-w" : prefix, settings.warmup());
            acknowledged += warm.ok();
        }
        settle(workload, "before the run");
        ProcessCpu.Sample before = cpu.sample();
        WrkResult measured = wrk(workload, workload.products() == 0 ? prefix + "-m" : prefix, settings.duration());
        ProcessCpu.Sample used = cpu.sample().minus(before);
        acknowledged += measured.ok();
        Measurement measurement = new Measurement(settings.target(), workload, measured,
                used.service().orElse(Double.NaN), used.postgres().orElse(Double.NaN));
        System.out.println(measurement.describe());
        settle(workload, "after the run").ifPresent(tail -> {
            ProcessCpu.Sample withTail = tail.plus(used);
            System.out.println(String.format(Locale.ROOT, "%-16s %-7s with the CPU after the run (its requests still "
                    + "in flight, its projections' lag): %s", workload.label(), settings.target().label(),
                    withTail.describePerOperation(measured.ok())));
        });
        System.out.println(measurement.line());
        if (settings.summary() != null) {
            Files.writeString(settings.summary(), measurement.line() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        if (measurement.failures() > 0) {
            fail(workload, measurement.failures() + " failed requests: 409 " + measured.conflicts() + ", other 4xx "
                    + measured.clientErrors() + ", 5xx " + measured.serverErrors() + ", socket errors "
                    + measured.socketErrors() + ", timeouts " + measured.timeouts());
        }
        if (workload.restocks()) {
            checkStock(workload, skus, acknowledged);
        }
    }

    /** The workload's products, created before any wrk run, and visible to reads. */
    private void register(WrkWorkload workload, List<String> skus) {
        if (skus.isEmpty()) {
            return;
        }
        PhaseResult created = runner.run(workload.label() + " setup", Math.min(SETUP_CLIENTS, skus.size()),
                Budget.operations(skus.size()), (c, sequence) -> {
                    String sku = skus.get((int) sequence);
                    return Outcome.status(client.post("/api/products",
                            settings.target().registerBody(sku, INITIAL_STOCK)).status());
                });
        if (created.succeeded() != skus.size()) {
            throw new IllegalStateException("could not create the products: " + created.failuresText());
        }
        PhaseResult visible = runner.run(workload.label() + " setup: await views", Math.min(SETUP_CLIENTS,
                skus.size()), Budget.operations(skus.size()), (c, sequence) -> {
                    String path = settings.target().visiblePath(skus.get((int) sequence));
                    long deadline = System.nanoTime() + AWAIT_STOCK.toNanos();
                    int status = client.get(path).status();
                    while (status == 404 && System.nanoTime() < deadline) {
                        Thread.sleep(50); // the vanilla peer's projection is eventually consistent: poll it
                        status = client.get(path).status();
                    }
                    return Outcome.status(status);
                });
        if (visible.succeeded() != skus.size()) {
            throw new IllegalStateException("the read model does not show the products: " + visible.failuresText());
        }
    }

    /**
     * Waits, in one-second windows, until the service and its PostgreSQL together use less than
     * {@code --quiet-cpu} CPU seconds per second, at most {@code --settle}. Before the measured run this keeps the
     * work left over from the warm-up or the previous workload (requests still queued, projections catching up,
     * JIT compilation) out of the run's CPU; after it, it shows the CPU the run left behind. Returns the CPU used
     * meanwhile; empty when settling is off.
     */
    private java.util.Optional<ProcessCpu.Sample> settle(WrkWorkload workload, String when)
            throws InterruptedException {
        if (settings.settle().isZero()) {
            return java.util.Optional.empty();
        }
        long start = System.nanoTime();
        long deadline = start + settings.settle().toNanos();
        ProcessCpu.Sample first = cpu.sample();
        ProcessCpu.Sample windowStart = first;
        while (true) {
            Thread.sleep(1_000); // one measurement window: the CPU clocks are read at its ends
            ProcessCpu.Sample now = cpu.sample();
            ProcessCpu.Sample window = now.minus(windowStart);
            double rate = window.service().orElse(0.0) + window.postgres().orElse(0.0);
            windowStart = now;
            boolean quiet = rate < settings.quietCpu();
            if (quiet || System.nanoTime() >= deadline) {
                ProcessCpu.Sample used = now.minus(first);
                System.out.println(String.format(Locale.ROOT, "%-16s %-7s %s %s after %.0f s (last second: %.0f ms "
                                + "CPU); meanwhile service %s s, postgres %s s", workload.label(),
                        settings.target().label(), when, quiet ? "quiet" : "STILL BUSY", (System.nanoTime() - start)
                                / 1e9, rate * 1000, used.service().map(WrkBench::seconds).orElse("n/a"),
                        used.postgres().map(WrkBench::seconds).orElse("n/a")));
                return java.util.Optional.of(used);
            }
        }
    }

    private static String seconds(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** @param prefix the created products' sku prefix, or for creates a prefix new to this run */
    private WrkResult wrk(WrkWorkload workload, String prefix, Duration duration)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("wrk", "-t", Integer.toString(settings.threads()),
                "-c", Integer.toString(workload.connections()), "-d", Math.max(1, duration.toSeconds()) + "s",
                "--timeout", "30s", "-s", settings.script().toString()));
        if (settings.target() == Target.ANNALS) {
            command.addAll(List.of("-H", "Authorization: " + client.authorization()));
        }
        command.addAll(List.of(settings.baseUrl().toString().replaceAll("/$", ""), "--", workload.label(),
                settings.target().label(), prefix, Integer.toString(Math.max(1, workload.products()))));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        return WrkResult.find(output).orElseThrow(() ->
                new IllegalStateException("wrk exited " + exit + " without a result: " + output));
    }

    /**
     * Nothing lost: every restock adds 1, so the products' stock must have grown by at least the acknowledged
     * restocks, and by at most those plus the requests still in flight when a wrk run stopped (one per connection
     * and run, answered after wrk stopped listening).
     */
    private void checkStock(WrkWorkload workload, List<String> skus, long acknowledged)
            throws InterruptedException {
        long expected = skus.size() * INITIAL_STOCK + acknowledged;
        long deadline = System.nanoTime() + AWAIT_STOCK.toNanos();
        long stock = stock(skus);
        while (stock < expected && System.nanoTime() < deadline) {
            Thread.sleep(250); // the read models are eventually consistent
            stock = stock(skus);
        }
        StockCheck check = new StockCheck(acknowledged, stock < 0 ? -1 : stock - skus.size() * INITIAL_STOCK,
                2L * workload.connections());
        if (check.passed()) {
            System.out.println("CHECK ok     " + workload.label() + " / nothing lost: " + check.detail());
        } else {
            fail(workload, "nothing lost: " + check.detail());
        }
    }

    private long stock(List<String> skus) {
        AtomicLong total = new AtomicLong();
        PhaseResult read = runner.run("stock", Math.min(SETUP_CLIENTS, skus.size()), Budget.operations(skus.size()),
                (c, sequence) -> {
                    AnnalsClient.Answer answer = client.get("/api/products/" + skus.get((int) sequence));
                    Matcher matcher = AVAILABLE.matcher(answer.body());
                    if (answer.isOk() && matcher.find()) {
                        total.addAndGet(Long.parseLong(matcher.group(1)));
                    }
                    return Outcome.status(answer.status());
                });
        return read.succeeded() == skus.size() ? total.get() : -1;
    }

    private void fail(WrkWorkload workload, String detail) {
        allPassed = false;
        System.out.println("CHECK FAILED " + workload.label() + " " + settings.target().label() + ": " + detail);
    }

    private static boolean awaitHealthy(Settings settings, AnnalsClient client) throws InterruptedException {
        // Annals has an actuator health; the vanilla peer has none, and any answer from its API means it serves
        String path = settings.target() == Target.ANNALS ? "/actuator/health" : "/api/products/health-probe";
        long deadline = System.nanoTime() + settings.awaitHealth().toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                AnnalsClient.Answer answer = client.getAnonymous(path);
                if (settings.target() == Target.ANNALS
                        ? answer.status() == 200 && answer.body().contains("\"UP\"") : answer.status() == 404) {
                    return true;
                }
                last = answer.status() + " " + answer.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        System.out.println("service not healthy within " + settings.awaitHealth() + ": " + last);
        return false;
    }
}
