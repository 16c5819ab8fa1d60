package io.annals.bench.workload.product;

import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Budget;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.WorkloadContext;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the clients were told: per product, the sum and number of acknowledged restocks and the highest version
 * acknowledged. "Nothing lost" is then checkable from outside: the final stock must be the initial stock plus the
 * acknowledged quantities, and the version the number of acknowledged restocks (every restock is one event).
 */
final class StockLedger {

    private final long initialStock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    StockLedger(Collection<String> skus, long initialStock) {
        this.initialStock = initialStock;
        skus.forEach(sku -> entries.put(sku, new Entry()));
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
        context.phase(context.workload() + " verify", Math.min(ProductApi.SETUP_CLIENTS, skus.size()),
                Budget.operations(skus.size()), (client, sequence) -> {
                    String sku = skus.get((int) sequence);
                    Entry entry = entries.get(sku);
                    AnnalsClient.Answer answer = context.client()
                            .get(ProductApi.path(sku) + "?minVersion=" + entry.maxVersion.get());
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
        long quantity = entries.values().stream().mapToLong(e -> e.quantity.sum()).sum();
        String summary = skus.size() + " products, " + acknowledgedCount() + " acknowledged restocks of total "
                + quantity + (inconclusive.sum() > 0 ? ", " + inconclusive.sum()
                + " products with unknown outcomes (only checked for >=)" : "");
        context.check("nothing lost", mismatches.isEmpty(), mismatches.isEmpty()
                ? "final stock = initial + acknowledged and version = acknowledged count: " + summary
                : mismatches.size() + " mismatches, e.g. " + mismatches.subList(0, Math.min(5, mismatches.size())));
    }
}
