package io.annals.bench.wrk;

import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.ProcessCpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Drives one running service (Annals or the vanilla peer) with wrk: per workload it creates the products the
 * workload needs (here, over the JDK's HTTP client: not measured), runs a wrk warm-up, then the measured wrk run
 * between two readings of the service's and PostgreSQL's CPU clocks, checks that no acknowledged restock was lost,
 * prints a line per workload and appends a {@code RESULT} line to the summary file. wrk's own CPU is not charged
 * to anyone: it is neither the service nor PostgreSQL. Exits 1 when a check failed, 2 on bad usage.
 */
public final class WrkBench {

    private final WrkSettings settings;
    private final AnnalsClient client;
    private final ProcessCpu cpu;
    private final WrkProducts products;
    private final String runId = Long.toString(System.currentTimeMillis() / 1000, 36);
    private boolean allPassed = true;

    private WrkBench(WrkSettings settings, AnnalsClient client, ProcessCpu cpu) {
        this.settings = settings;
        this.client = client;
        this.cpu = cpu;
        this.products = new WrkProducts(settings, client);
    }

    public static void main(String[] args) throws Exception {
        WrkSettings settings;
        try {
            settings = WrkSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(WrkSettings.USAGE);
            System.exit(2);
            return;
        }
        AnnalsClient client = new AnnalsClient(settings.baseUrl(), settings.user(), settings.password(),
                Duration.ofSeconds(30));
        if (!WrkProducts.awaitHealthy(settings, client)) {
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
        products.register(workload, skus);
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
            Optional<String> lost = products.checkStock(workload, skus, acknowledged);
            lost.ifPresent(detail -> fail(workload, detail));
        }
    }

    /**
     * Waits, in one-second windows, until the service and its PostgreSQL together use less than
     * {@code --quiet-cpu} CPU seconds per second, at most {@code --settle}. Before the measured run this keeps the
     * work left over from the warm-up or the previous workload (requests still queued, projections catching up,
     * JIT compilation) out of the run's CPU; after it, it shows the CPU the run left behind. Returns the CPU used
     * meanwhile; empty when settling is off.
     */
    private Optional<ProcessCpu.Sample> settle(WrkWorkload workload, String when)
            throws InterruptedException {
        if (settings.settle().isZero()) {
            return Optional.empty();
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
                return Optional.of(used);
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

    private void fail(WrkWorkload workload, String detail) {
        allPassed = false;
        System.out.println("CHECK FAILED " + workload.label() + " " + settings.target().label() + ": " + detail);
    }


}
