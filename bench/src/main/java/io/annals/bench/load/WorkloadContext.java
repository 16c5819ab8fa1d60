package io.annals.bench.load;

/**
 * What a running workload gets: the options, an HTTP client, and the means to run and report phases.
 *
 * @param runId a short token unique to this run; workloads put it into the ids they create
 * @param cpu   the service's and PostgreSQL's CPU clocks, for workloads that report CPU per operation
 */
public record WorkloadContext(String workload, Options options, AnnalsClient client, String runId,
                              PhaseRunner runner, Report report, ProcessCpu cpu) {

    /**
     * Runs a phase, prints its summary and the service's and PostgreSQL's CPU per successful operation during it,
     * and keeps it for the closing summary.
     */
    public PhaseResult phase(String phaseName, int clients, Budget budget, Operation operation) {
        ProcessCpu.Sample before = cpu.sample();
        PhaseResult result = runner.run(phaseName, clients, budget, operation);
        ProcessCpu.Sample used = cpu.sample().minus(before);
        report.phase(result);
        report.line("      " + used.describePerOperation(result.succeeded()));
        return result;
    }

    /** Runs a warm-up phase of {@code operations} (skipped when 0), to get the service's JIT and pools going. */
    public void warmup(String phaseName, int clients, long operations, Operation operation) {
        if (operations > 0) {
            phase(phaseName + " (warm-up)", clients, Budget.operations(operations), operation);
        }
    }

    public void note(String text) {
        report.note(workload, text);
    }

    public void check(String name, boolean passed, String detail) {
        report.check(new Report.Check(workload, name, passed, detail));
    }

    /** An id unique to this run and workload, valid as a sku: {@code bench-<runId>-<workload>-<suffix>}. */
    public String id(String suffix) {
        return "bench-" + runId + "-" + workload + "-" + suffix;
    }
}
