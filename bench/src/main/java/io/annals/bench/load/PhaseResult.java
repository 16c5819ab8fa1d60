package io.annals.bench.load;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The measured outcome of one phase.
 *
 * @param failures  count per non-success label (HTTP status or a workload-specific label)
 * @param firstErrors one example message per exception type, to diagnose {@code io-error}s
 */
public record PhaseResult(String name, int clients, long operations, Duration elapsed, LatencyStats latency,
                          Map<String, Long> failures, Map<String, String> firstErrors) {

    public PhaseResult {
        failures = Map.copyOf(new TreeMap<>(failures));
        firstErrors = Map.copyOf(firstErrors);
    }

    public double seconds() {
        return elapsed.toNanos() / 1e9;
    }

    public double opsPerSecond() {
        return seconds() == 0 ? 0 : operations / seconds();
    }

    public long succeeded() {
        return operations - failures.values().stream().mapToLong(Long::longValue).sum();
    }

    public double succeededPerSecond() {
        return seconds() == 0 ? 0 : succeeded() / seconds();
    }

    /** One line: operations, seconds, ops/s, successes/s, percentiles, failures by label. */
    public String summary() {
        return String.format(Locale.ROOT,
                "%-24s clients %3d  ops %8d  secs %7.2f  ops/s %9.1f  ok/s %9.1f  "
                        + "p50 %8.2f  p90 %8.2f  p99 %8.2f  max %9.2f ms  >=1s %d  non-2xx: %s",
                name, clients, operations, seconds(), opsPerSecond(), succeededPerSecond(),
                latency.percentileMillis(50), latency.percentileMillis(90), latency.percentileMillis(99),
                latency.maxMillis(), latency.countAtLeast(Duration.ofSeconds(1)), failuresText());
    }

    public String failuresText() {
        if (failures.isEmpty()) {
            return "none";
        }
        return new TreeMap<>(failures).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
    }
}
