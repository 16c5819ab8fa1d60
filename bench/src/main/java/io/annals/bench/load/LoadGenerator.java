package io.annals.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command-line entry point: drives a running Annals with the chosen workloads over HTTP and prints, per phase,
 * operations, seconds, ops/s, latency percentiles and non-2xx counts, and per workload the CPU seconds of the
 * service, its PostgreSQL and this process. Exits 1 when a correctness check failed, 2 on bad usage.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(Options.USAGE);
            System.out.println("\nworkloads:");
            for (Workload workload : Workloads.all()) {
                System.out.printf("  %-10s %s%n", workload.name(), workload.description());
            }
            return;
        }
        List<Workload> workloads;
        try {
            workloads = Workloads.select(options.workloads());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(run(options, workloads) ? 0 : 1);
    }

    static boolean run(Options options, List<Workload> workloads) throws Exception {
        Report report = new Report(System.out);
        AnnalsClient client = new AnnalsClient(options.baseUrl(), options.user(), options.password(),
                options.requestTimeout());
        if (!options.awaitHealth().isZero() && !awaitHealthy(client, options.awaitHealth(), report)) {
            return false;
        }
        int port = options.baseUrl().getPort() > 0 ? options.baseUrl().getPort() : 80;
        List<Long> postgresPids = new ArrayList<>(options.postgresPids());
        options.postgresPidFile().flatMap(ProcessCpu::readPidFile).ifPresent(postgresPids::add);
        ProcessCpu cpu = ProcessCpu.locate(options.servicePid(), postgresPids, port);
        report.line("load generator: " + options.baseUrl() + ", service pid "
                + (cpu.servicePid().isPresent() ? cpu.servicePid().getAsLong() : "unknown")
                + ", postgres " + (postgresPids.isEmpty() ? "below the service" : postgresPids)
                + ", " + Runtime.getRuntime().availableProcessors() + " cores, started " + Instant.now());
        String runId = Long.toString(System.currentTimeMillis() / 1000, 36);
        PhaseRunner runner = new PhaseRunner();
        ProcessCpu.Sample first = cpu.sample();
        for (Workload workload : workloads) {
            report.line("");
            report.line("=== " + workload.name() + ": " + workload.description() + " ===");
            ProcessCpu.Sample before = cpu.sample();
            long started = System.nanoTime();
            try {
                workload.run(new WorkloadContext(workload.name(), options, client, runId, runner, report, cpu));
            } catch (Exception e) {
                report.check(new Report.Check(workload.name(), "completed", false,
                        "aborted: " + e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
            report.line(String.format(Locale.ROOT, "  %s (workload took %.1f s)",
                    cpu.sample().minus(before).describe(), (System.nanoTime() - started) / 1e9));
        }
        report.summary();
        report.line("total " + cpu.sample().minus(first).describe());
        return report.allChecksPassed();
    }

    private static boolean awaitHealthy(AnnalsClient client, Duration timeout, Report report)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                AnnalsClient.Answer answer = client.getAnonymous("/actuator/health");
                if (answer.status() == 200 && answer.body().contains("\"UP\"")) {
                    return true;
                }
                last = answer.status() + " " + answer.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        report.line("service not healthy within " + timeout + ": " + last);
        return false;
    }
}
