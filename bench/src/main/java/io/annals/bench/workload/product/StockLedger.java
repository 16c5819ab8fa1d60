package io.annals.bench.workload.product;

import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Budget;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.WorkloadContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the clients were told: per product, the sum and number of acknowledged restocks and the highest version
 * acknowledged. "Nothing lost" is then checkable from outside: the final stock must be the initial stock plus the
 * acknowledged quantities, and the version the number of acknowledged restocks (every restock is one event).
 */
final class StockLedger {

    private static final long VERIFY_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final long initialStock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    StockLedger(Collection<String> skus, long initialStock) {
        this.initialStock = initialStock;
        skus.forEach(sku -> entries.put(sku, new Entry()));
    }

    /**
     * GET with {@code minVersion}; a 503 (the read model is further behind than the service's consistency timeout,
     * e.g. after a long burst) is retried for up to {@link #VERIFY_PATIENCE_NANOS}: lag is measured by the lag and
     * catch-up workloads, this only has to see the final state.
     */
    private static AnnalsClient.Answer readCaughtUp(WorkloadContext context, String sku, long minVersion,
                                                    LongAdder behind) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + VERIFY_PATIENCE_NANOS;
        while (true) {
            AnnalsClient.Answer answer = context.client().get(ProductApi.path(sku) + "?minVersion=" + minVersion);
            if (answer.status() != 503 || System.nanoTime() > deadline) {
                return answer;
            }
            behind.increment();
        }
    }

    private static final class Entry {
        final LongAdder quantity = new LongAdder();
        final LongAdder count = new LongAdder();
        final AtomicLong maxVersion = new AtomicLong();
        final LongAdder unknown = new LongAdder();
    }

    void acknowledged(String sku, long quantity, long version) {
        Entry entry = entries.get(sku);
        entry.quantity.add(quantity);
        entry.count.increment();
        entry.maxVersion.accumulateAndGet(version, Math::max);
    }

    /** A restock whose answer was lost or a 5xx: it may or may not have been applied. */
    void unknownOutcome(String sku) {
        entries.get(sku).unknown.increment();
    }

    long maxVersion(String sku) {
        return entries.get(sku).maxVersion.get();
    }

    long acknowledgedCount() {
        return entries.values().stream().mapToLong(e -> e.count.sum()).sum();
    }

    /**
     * Reads every product with {@code minVersion} = its highest acknowledged version and checks stock and
     * version against the ledger; reports one check, "nothing lost".
     */
    void verify(WorkloadContext context) {
        List<String> skus = new ArrayList<>(entries.keySet());
        List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
        LongAdder inconclusive = new LongAdder();
        LongAdder behind = new LongAdder();
        long started = System.nanoTime();
        context.phase(context.workload() + " verify", Math.min(ProductApi.SETUP_CLIENTS, skus.size()),
                Budget.operations(skus.size()), (client, sequence) -> {
                    String sku = skus.get((int) sequence);
                    Entry entry = entries.get(sku);
                    AnnalsClient.Answer answer = readCaughtUp(context, sku, entry.maxVersion.get(), behind);
                    if (!answer.isOk()) {
                        mismatches.add(sku + ": GET answered " + answer.status());
                        return Outcome.status(answer.status());
                    }
                    var view = answer.json();
                    long available = view.get("available").asLong();
                    long version = view.get("version").asLong();
                    long expected = initialStock + entry.quantity.sum();
                    if (entry.unknown.sum() > 0) {
                        inconclusive.increment();
                        if (available < expected || version < entry.count.sum()) {
                            mismatches.add(sku + ": available " + available + " < acknowledged " + expected);
                        }
                    } else if (available != expected || version != entry.count.sum()) {
                        mismatches.add(sku + ": available " + available + " version " + version + ", acknowledged "
                                + expected + " after " + entry.count.sum() + " restocks");
                    }
                    return Outcome.ok();
                });
        if (behind.sum() > 0) {
            context.note(String.format(Locale.ROOT,
                    "verify: the read model was more than the 5 s minVersion timeout behind for %d reads; "
                            + "verification took %.1f s", behind.sum(), (System.nanoTime() - started) / 1e9));
        }
        long quantity = entries.values().stream().mapToLong(e -> e.quantity.sum()).sum();
        String summary = skus.size() + " products, " + acknowledgedCount() + " acknowledged restocks of total "
                + quantity + (inconclusive.sum() > 0 ? ", " + inconclusive.sum()
                + " products with unknown outcomes (only checked for >=)" : "");
        context.check("nothing lost", mismatches.isEmpty(), mismatches.isEmpty()
                ? "final stock = initial + acknowledged and version = acknowledged count: " + summary
                : mismatches.size() + " mismatches, e.g. " + mismatches.subList(0, Math.min(5, mismatches.size())));
    }
}
