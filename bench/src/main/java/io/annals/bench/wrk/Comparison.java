package io.annals.bench.wrk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Annals and the vanilla peer on one workload, and the ratios issue 17's targets are stated in.
 *
 * @param reference for a workload vanilla does not offer (create-customers), vanilla's restock, which the issue
 *                  compares the CPU per create with; otherwise the same as {@code vanilla}
 */
public record Comparison(WrkWorkload workload, Optional<Measurement> annals, Optional<Measurement> vanilla,
                         Optional<Measurement> reference) {

    /** One comparison per workload measured, in the workloads' order; a later run of a pair replaces an earlier. */
    public static List<Comparison> of(List<Measurement> measurements) {
        Map<String, Measurement> latest = new LinkedHashMap<>();
        for (Measurement m : measurements) {
            latest.put(m.target() + "/" + m.workload(), m);
        }
        Optional<Measurement> vanillaRestock =
                Optional.ofNullable(latest.get(Target.VANILLA + "/" + WrkWorkload.RESTOCK));
        List<Comparison> comparisons = new ArrayList<>();
        for (WrkWorkload workload : WrkWorkload.values()) {
            Optional<Measurement> annals = Optional.ofNullable(latest.get(Target.ANNALS + "/" + workload));
            Optional<Measurement> vanilla = Optional.ofNullable(latest.get(Target.VANILLA + "/" + workload));
            if (annals.isPresent() || vanilla.isPresent()) {
                comparisons.add(new Comparison(workload, annals, vanilla,
                        workload.annalsOnly() ? vanillaRestock : vanilla));
            }
        }
        return comparisons;
    }

    /** Annals' successful operations per second ÷ vanilla's: the "≥ 6×" of the targets. */
    public Optional<Double> rateRatio() {
        return ratio(annals, vanilla, m -> Optional.of(m.wrk().okPerSecond()));
    }

    /**
     * Vanilla's CPU per operation (service + PostgreSQL) ÷ Annals': how many times cheaper Annals is (the target
     * "≤ 1/8 of vanilla's" is a ratio ≥ 8). Against the reference, for a workload vanilla does not offer.
     */
    public Optional<Double> cpuRatio() {
        return ratio(reference, annals, Measurement::totalMillisPerOp);
    }

    /** Annals' p99 ÷ vanilla's. */
    public Optional<Double> p99Ratio() {
        return ratio(annals, vanilla, m -> Optional.of((double) m.wrk().latency().p99()));
    }

    private static Optional<Double> ratio(Optional<Measurement> numerator, Optional<Measurement> denominator,
                                          Function<Measurement, Optional<Double>> value) {
        Optional<Double> n = numerator.flatMap(value);
        Optional<Double> d = denominator.flatMap(value);
        return n.isPresent() && d.isPresent() && d.get() > 0 ? Optional.of(n.get() / d.get()) : Optional.empty();
    }

    /** A Markdown table of every comparison, with the ratios, ready for the README's Performance section. */
    public static String table(List<Comparison> comparisons) {
        StringBuilder out = new StringBuilder();
        out.append("| workload | Annals ok/s | vanilla ok/s | rate Annals ÷ vanilla "
                + "| Annals CPU ms/op (service + PostgreSQL) | vanilla CPU ms/op (service + PostgreSQL) "
                + "| CPU vanilla ÷ Annals | Annals p99 ms | vanilla p99 ms |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Comparison c : comparisons) {
            boolean byReference = c.workload.annalsOnly() && c.reference.isPresent();
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                    c.workload.label(),
                    c.annals.map(m -> fixed(m.wrk().okPerSecond(), 1)).orElse("–"),
                    c.vanilla.map(m -> fixed(m.wrk().okPerSecond(), 1)).orElse("–"),
                    c.rateRatio().map(r -> fixed(r, 2) + "×").orElse("–"),
                    c.annals.map(Comparison::cpu).orElse("–"),
                    c.reference.map(Comparison::cpu).map(s -> byReference ? s + " (restock)" : s).orElse("–"),
                    c.cpuRatio().map(r -> fixed(r, 2) + "×" + (byReference ? " (vs restock)" : "")).orElse("–"),
                    c.annals.map(m -> fixed(m.wrk().latency().millis(m.wrk().latency().p99()), 1)).orElse("–"),
                    c.vanilla.map(m -> fixed(m.wrk().latency().millis(m.wrk().latency().p99()), 1)).orElse("–")));
        }
        return out.toString();
    }

    private static String cpu(Measurement m) {
        return m.totalMillisPerOp().map(total -> String.format(Locale.ROOT, "%.3f (%.3f + %.3f)", total,
                m.serviceMillisPerOp().orElse(Double.NaN), m.postgresMillisPerOp().orElse(Double.NaN))).orElse("n/a");
    }

    private static String fixed(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
