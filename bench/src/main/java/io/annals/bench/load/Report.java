package io.annals.bench.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints results as they come and keeps them for the closing summary. */
public final class Report {

    public record Check(String workload, String name, boolean passed, String detail) {

        @Override
        public String toString() {
            return String.format("CHECK %-6s %s / %s: %s", passed ? "ok" : "FAILED", workload, name, detail);
        }
    }

    private final PrintStream out;
    private final List<PhaseResult> phases = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public Report(PrintStream out) {
        this.out = out;
    }

    public synchronized void line(String text) {
        out.println(text);
        out.flush();
    }

    public synchronized void phase(PhaseResult result) {
        phases.add(result);
        line("  " + result.summary());
        result.firstErrors().forEach((type, message) -> line("      first " + type + ": " + message));
    }

    public synchronized void note(String workload, String text) {
        notes.add(workload + ": " + text);
        line("  NOTE " + text);
    }

    public synchronized void check(Check check) {
        checks.add(check);
        line("  " + check);
    }

    public synchronized boolean allChecksPassed() {
        return checks.stream().allMatch(Check::passed);
    }

    public synchronized void summary() {
        line("");
        line("=== summary ===");
        for (PhaseResult phase : phases) {
            line(phase.summary());
        }
        for (String note : notes) {
            line("NOTE " + note);
        }
        for (Check check : checks) {
            line(check.toString());
        }
    }
}
