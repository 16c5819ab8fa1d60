package io.annals.bench.wrk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One measured wrk run and the CPU the service and its PostgreSQL spent during it: a line of the summary file
 * ({@code bench-results/<stamp>-summary.txt}) that {@link VsVanilla} reads back for the ratios and the chart.
 *
 * @param serviceCpuSeconds  CPU seconds of the service's JVM during the run; NaN when unreadable
 * @param postgresCpuSeconds CPU seconds of its PostgreSQL (postmaster and backends); NaN when unreadable
 */
public record Measurement(Target target, WrkWorkload workload, WrkResult wrk, double serviceCpuSeconds,
                          double postgresCpuSeconds) {

    static final String TAG = "RESULT";

    public static Measurement parse(String line) {
        KeyValues v = KeyValues.parse(TAG, line);
        WrkResult wrk = WrkResult.of(v);
        return new Measurement(Target.named(wrk.target()), WrkWorkload.named(wrk.workload()), wrk,
                v.number("service_cpu_s"), v.number("postgres_cpu_s"));
    }

    /** Every {@code RESULT} line of a summary file, in order; other lines (comments) are skipped. */
    public static List<Measurement> read(Path summary) throws IOException {
        return Files.readAllLines(summary).stream().filter(line -> line.startsWith(TAG + " "))
                .map(Measurement::parse).toList();
    }

    public String line() {
        return TAG + " " + wrk.pairs() + " service_cpu_s=" + KeyValues.format(serviceCpuSeconds)
                + " postgres_cpu_s=" + KeyValues.format(postgresCpuSeconds);
    }

    /** Service CPU milliseconds per successful operation; empty when unknown or nothing succeeded. */
    public Optional<Double> serviceMillisPerOp() {
        return perOp(serviceCpuSeconds);
    }

    public Optional<Double> postgresMillisPerOp() {
        return perOp(postgresCpuSeconds);
    }

    /** Service plus PostgreSQL: the budget issue 17's CPU targets are stated in. */
    public Optional<Double> totalMillisPerOp() {
        return perOp(serviceCpuSeconds + postgresCpuSeconds);
    }

    public long failures() {
        return wrk.failures(workload.conflictsExpected());
    }

    /** One line for people: rate, latency, failures, CPU per operation. */
    public String describe() {
        return String.format(Locale.ROOT,
                "%-16s %-7s conns %2d  secs %5.1f  ok %8d  ok/s %9.1f  p50 %7.2f  p90 %7.2f  p99 %7.2f  "
                        + "p99.9 %7.2f ms  failures %d (409: %d)  CPU ms/op: service %s  postgres %s  both %s",
                workload.label(), target.label(), workload.connections(), wrk.seconds(), wrk.ok(),
                wrk.okPerSecond(), wrk.latency().millis(wrk.latency().p50()), wrk.latency().millis(wrk.latency().p90()),
                wrk.latency().millis(wrk.latency().p99()), wrk.latency().millis(wrk.latency().p999()), failures(),
                wrk.conflicts(), millis(serviceMillisPerOp()), millis(postgresMillisPerOp()),
                millis(totalMillisPerOp()));
    }

    private Optional<Double> perOp(double seconds) {
        return Double.isNaN(seconds) || wrk.ok() == 0 ? Optional.empty() : Optional.of(seconds * 1000 / wrk.ok());
    }

    private static String millis(Optional<Double> value) {
        return value.map(v -> String.format(Locale.ROOT, "%.3f", v)).orElse("n/a");
    }
}
