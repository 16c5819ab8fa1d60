package io.annals.bench.workload.fanout;

import io.annals.bench.load.PhaseResult;
import io.annals.bench.load.ProcessCpu;
import io.annals.bench.load.WorkloadContext;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * The restock phase's figures of a fan-out run: acknowledged restocks/s, p99, and the service's and PostgreSQL's CPU
 * per restock over the phase. The fan-out-off run saves them; the fan-out run compares its own with them.
 */
record RestockFigures(PhaseResult phase, ProcessCpu.Sample cpu) {

    private static final String RATE = "restocksPerSecond";
    private static final String P99 = "p99Millis";
    private static final String CPU = "cpuMillisPerRestock";

    double perSecond() {
        return phase.succeededPerSecond();
    }

    double p99Millis() {
        return phase.latency().percentileMillis(99);
    }

    /** Service + PostgreSQL CPU per acknowledged restock in ms; NaN when a clock could not be read. */
    double cpuMillisPerRestock() {
        if (phase.succeeded() == 0 || cpu.service().isEmpty() || cpu.postgres().isEmpty()) {
            return Double.NaN;
        }
        return (cpu.service().get() + cpu.postgres().get()) * 1000 / phase.succeeded();
    }

    String describe() {
        return String.format(Locale.ROOT, "%s: %.1f restocks/s, p99 %.1f ms, CPU per restock %.2f ms (%s)",
                phase.name(), perSecond(), p99Millis(), cpuMillisPerRestock(), cpu.describe());
    }

    /** Leaves the figures for the fan-out run, when run.sh named a file ({@value FanoutWorkload#COMPARE}). */
    void save(WorkloadContext context) throws IOException {
        Optional<Path> file = file();
        if (file.isEmpty()) {
            context.note("no -D" + FanoutWorkload.COMPARE + " file: nothing to compare with later");
            return;
        }
        Properties figures = new Properties();
        figures.setProperty(RATE, Double.toString(perSecond()));
        figures.setProperty(P99, Double.toString(p99Millis()));
        figures.setProperty(CPU, Double.toString(cpuMillisPerRestock()));
        try (Writer writer = Files.newBufferedWriter(file.get())) {
            figures.store(writer, "restock with the fan-out off");
        }
    }

    /** Notes these figures against the fan-out-off run's, if there was one, and checks the rate's slowdown. */
    void compare(WorkloadContext context, double allowedSlowdown) throws IOException {
        Optional<Path> file = file().filter(Files::exists);
        if (file.isEmpty()) {
            context.note("no fan-out-off figures to compare with (bench/run.sh fanout runs fanout-off first)");
            return;
        }
        Properties off = new Properties();
        try (Reader reader = Files.newBufferedReader(file.get())) {
            off.load(reader);
        }
        double offRate = Double.parseDouble(off.getProperty(RATE));
        double offCpu = Double.parseDouble(off.getProperty(CPU));
        double ratio = perSecond() / offRate;
        context.note(String.format(Locale.ROOT, "restock with fan-out on vs off: %.1f vs %.1f restocks/s (%.0f %%), "
                        + "p99 %.1f vs %s ms, CPU per restock %.2f vs %.2f ms (%.0f %%)", perSecond(), offRate,
                ratio * 100, p99Millis(), off.getProperty(P99), cpuMillisPerRestock(), offCpu,
                cpuMillisPerRestock() / offCpu * 100));
        context.check("restocks with fan-out within " + Math.round(allowedSlowdown * 100) + " % of fan-out off",
                ratio >= 1 - allowedSlowdown, String.format(Locale.ROOT, "%.0f %% of the rate without fan-out",
                        ratio * 100));
    }

    private static Optional<Path> file() {
        return Optional.ofNullable(System.getProperty(FanoutWorkload.COMPARE)).map(Path::of);
    }
}
