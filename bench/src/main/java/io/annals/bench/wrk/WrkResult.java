package io.annals.bench.wrk;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * What one wrk run saw, from the {@code WRK_RESULT} line that {@code bench/wrk/workloads.lua}'s {@code done()}
 * prints (wrk's own text report is for people; its units change with the magnitude).
 *
 * @param ok           2xx answers
 * @param conflicts    409 answers: failures, except in the conflict workload where the vanilla peer may answer them
 *                     to concurrent writers of one aggregate
 * @param clientErrors 4xx answers other than 409
 * @param serverErrors 5xx answers and any other status
 * @param socketErrors connect, read and write errors
 */
public record WrkResult(String workload, String target, long requests, Duration elapsed, long ok, long conflicts,
                        long clientErrors, long serverErrors, long socketErrors, long timeouts,
                        Latency latency) {

    static final String TAG = "WRK_RESULT";

    /** Latency percentiles in microseconds, as wrk's HdrHistogram-backed statistics give them. */
    public record Latency(long p50, long p90, long p99, long p999, long max, long mean) {

        public double millis(long micros) {
            return micros / 1000.0;
        }
    }

    /** The {@code WRK_RESULT} line in wrk's standard output; empty when wrk did not print one (it failed). */
    public static Optional<WrkResult> find(String wrkOutput) {
        return wrkOutput.lines().filter(line -> line.startsWith(TAG + " ")).findFirst().map(WrkResult::parse);
    }

    static WrkResult parse(String line) {
        return of(KeyValues.parse(TAG, line));
    }

    static WrkResult of(KeyValues v) {
        return new WrkResult(v.text("workload"), v.text("target"), v.count("requests"),
                Duration.ofNanos(v.count("duration_us") * 1000), v.count("ok"), v.count("conflicts"),
                v.count("client_errors"), v.count("server_errors"), v.count("socket_errors"), v.count("timeouts"),
                new Latency(v.count("p50_us"), v.count("p90_us"), v.count("p99_us"), v.count("p999_us"),
                        v.count("max_us"), v.count("mean_us")));
    }

    /** The pairs of the {@code WRK_RESULT} line again, so that a summary line can carry them. */
    String pairs() {
        return String.format(Locale.ROOT, "workload=%s target=%s requests=%d duration_us=%d ok=%d "
                        + "conflicts=%d client_errors=%d server_errors=%d socket_errors=%d timeouts=%d "
                        + "p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d mean_us=%d",
                workload, target, requests, elapsed.toNanos() / 1000, ok, conflicts, clientErrors, serverErrors,
                socketErrors, timeouts, latency.p50, latency.p90, latency.p99, latency.p999, latency.max,
                latency.mean);
    }

    public double seconds() {
        return elapsed.toNanos() / 1e9;
    }

    /** Successful (2xx) operations per second: the rate the comparison is about. */
    public double okPerSecond() {
        return seconds() == 0 ? 0 : ok / seconds();
    }

    /** Requests that failed: every non-2xx answer and transport error, except 409s where they are expected. */
    public long failures(boolean conflictsExpected) {
        return (conflictsExpected ? 0 : conflicts) + clientErrors + serverErrors + socketErrors + timeouts;
    }
}
