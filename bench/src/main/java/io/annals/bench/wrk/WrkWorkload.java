package io.annals.bench.wrk;

import java.util.Arrays;
import java.util.List;

/**
 * The product workloads issue 17's targets name, as {@code bench/wrk/workloads.lua} runs them. The names are the
 * Java generator's, so {@code bench/run.sh restock} and {@code bench/run.sh --vs-vanilla restock} mean the same
 * operation driven by two clients.
 *
 * @param products          skus created before the run (0: the workload creates its own)
 * @param connections       wrk's connections = concurrent requests (the figures use 32)
 * @param annalsOnly        the vanilla peer has no such endpoint
 * @param conflictsExpected 409s are not failures: the vanilla peer may answer them to writers of one aggregate
 * @param restocks          every 2xx added 1 to a created product's stock, so the stock can be checked afterwards
 */
public enum WrkWorkload {

    RESTOCK("restock", 500, 32, false, false, true),
    CREATE("create", 0, 32, false, false, false),
    CREATE_CUSTOMERS("create-customers", 0, 32, true, false, false),
    READ("read", 1_000, 32, false, false, false),
    CONFLICT("conflict", 1, 32, false, true, true);

    private final String label;
    private final int products;
    private final int connections;
    private final boolean annalsOnly;
    private final boolean conflictsExpected;
    private final boolean restocks;

    WrkWorkload(String label, int products, int connections, boolean annalsOnly, boolean conflictsExpected,
                boolean restocks) {
        this.label = label;
        this.products = products;
        this.connections = connections;
        this.annalsOnly = annalsOnly;
        this.conflictsExpected = conflictsExpected;
        this.restocks = restocks;
    }

    public String label() {
        return label;
    }

    public int products() {
        return products;
    }

    public int connections() {
        return connections;
    }

    public boolean annalsOnly() {
        return annalsOnly;
    }

    public boolean conflictsExpected() {
        return conflictsExpected;
    }

    public boolean restocks() {
        return restocks;
    }

    public boolean runsOn(Target target) {
        return !annalsOnly || target == Target.ANNALS;
    }

    public static WrkWorkload named(String label) {
        return Arrays.stream(values()).filter(w -> w.label.equals(label)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("unknown wrk workload " + label + "; known: " + labels()));
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(WrkWorkload::label).toList();
    }
}
