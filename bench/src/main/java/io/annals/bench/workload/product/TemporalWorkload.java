package io.annals.bench.workload.product;

import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Budget;
import io.annals.bench.load.Operation;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.PhaseResult;
import io.annals.bench.load.Workload;
import io.annals.bench.load.WorkloadContext;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Temporal reads of a long history: one product with {@code --events} events (default 10,000: the registration and
 * 9,999 restocks), then {@code GET /state?atVersion=random} and {@code ?asOf=random instant}. Every atVersion answer
 * is checked against the stock the restock answers imply at that version.
 */
public final class TemporalWorkload implements Workload {

    static final int FILL_CLIENTS = 4;
    static final int DEFAULT_CLIENTS = 8;
    static final long DEFAULT_OPERATIONS = 500;
    static final long DEFAULT_WARMUP = 50;
    static final long INITIAL_STOCK = 0;

    @Override
    public String name() {
        return "temporal";
    }

    @Override
    public String description() {
        return "one product with --events events (default 10000), then GET /state?atVersion= / ?asOf= (8 clients)";
    }

    @Override
    public void run(WorkloadContext context) {
        var options = context.options();
        int events = options.events();
        String sku = ProductApi.skus(context, "t", 1).get(0);
        ProductApi.register(context, List.of(sku), INITIAL_STOCK);
        StockLedger ledger = new StockLedger(List.of(sku), INITIAL_STOCK);

        // quantityAt[v] = the quantity of the restock that became version v (the answer tells which)
        AtomicLongArray quantityAt = new AtomicLongArray(events);
        Instant filledFrom = Instant.now();
        PhaseResult fill = context.phase("temporal setup: fill", FILL_CLIENTS, Budget.operations(events - 1L),
                (client, sequence) -> {
                    long quantity = 1 + ThreadLocalRandom.current().nextInt(100);
                    AnnalsClient.Answer answer = ProductApi.restock(context, ledger, sku, quantity);
                    if (answer.status() == 200) {
                        quantityAt.set((int) ProductApi.version(answer), quantity);
                    }
                    return Outcome.status(answer.status());
                });
        Instant filledUntil = Instant.now();
        long lastVersion = ledger.maxVersion(sku);
        boolean exact = fill.failures().isEmpty();
        long[] stockAt = new long[(int) lastVersion + 1];
        stockAt[0] = INITIAL_STOCK;
        for (int v = 1; v <= lastVersion; v++) {
            stockAt[v] = stockAt[v - 1] + quantityAt.get(v);
        }

        Operation atVersion = (client, sequence) -> {
            long version = ThreadLocalRandom.current().nextLong(lastVersion + 1);
            AnnalsClient.Answer answer = context.client()
                    .get(ProductApi.path(sku) + "/state?atVersion=" + version);
            if (!answer.isOk()) {
                return Outcome.status(answer.status());
            }
            var state = answer.json();
            boolean right = state.get("version").asLong() == version
                    && (!exact || state.get("available").asLong() == stockAt[(int) version]);
            return right ? Outcome.ok() : Outcome.failed("wrong-state");
        };
        long spanMillis = Math.max(1, filledUntil.toEpochMilli() - filledFrom.toEpochMilli());
        Operation asOf = (client, sequence) -> {
            Instant at = filledFrom.plusMillis(ThreadLocalRandom.current().nextLong(spanMillis));
            return Outcome.status(context.client().get(ProductApi.path(sku) + "/state?asOf=" + at).status());
        };

        int clients = options.clientsOr(DEFAULT_CLIENTS);
        context.warmup("temporal", clients, options.warmupOr(DEFAULT_WARMUP), atVersion);
        PhaseResult byVersion = context.phase("temporal atVersion", clients,
                options.measuredOr(DEFAULT_OPERATIONS), atVersion);
        context.phase("temporal asOf", clients, options.measuredOr(DEFAULT_OPERATIONS), asOf);
        context.check("atVersion states exact", !byVersion.failures().containsKey("wrong-state"),
                (exact ? "stock and version checked" : "version checked (the fill had failures)")
                        + " at " + byVersion.operations() + " random versions of " + (lastVersion + 1));
        ledger.verify(context);
    }
}
