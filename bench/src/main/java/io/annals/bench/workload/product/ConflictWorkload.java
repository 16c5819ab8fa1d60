package io.annals.bench.workload.product;

import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Operation;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.PhaseResult;
import io.annals.bench.load.Workload;
import io.annals.bench.load.WorkloadContext;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many clients on one product, in two variants, each on its own product: without {@code If-Match} (the service
 * must serialize the writers and lose none) and with {@code If-Match} (optimistic: a stale version is a 409,
 * after which the client retries with the {@code actualVersion} the problem names). Both must end with a stock of
 * exactly initial + acknowledged restocks.
 */
public final class ConflictWorkload implements Workload {

    static final int DEFAULT_CLIENTS = 32;
    /** Per variant. Bounded by count, not time: each command replays the product's whole history so far. */
    static final long DEFAULT_OPERATIONS = 3_000;
    static final long DEFAULT_WARMUP = 300;
    static final long INITIAL_STOCK = 0;

    @Override
    public String name() {
        return "conflict";
    }

    @Override
    public String description() {
        return "32 clients restocking ONE product, without and with If-Match; exact final stock";
    }

    @Override
    public void run(WorkloadContext context) {
        var options = context.options();
        int clients = options.clientsOr(DEFAULT_CLIENTS);
        List<String> skus = ProductApi.skus(context, "hot", 3);
        ProductApi.register(context, skus, INITIAL_STOCK);
        StockLedger ledger = new StockLedger(skus, INITIAL_STOCK);

        context.warmup("conflict", clients, options.warmupOr(DEFAULT_WARMUP), latest(context, ledger, skus.get(0)));
        context.phase("conflict latest", clients, options.measuredOr(DEFAULT_OPERATIONS),
                latest(context, ledger, skus.get(1)));
        PhaseResult ifMatch = context.phase("conflict if-match", clients, options.measuredOr(DEFAULT_OPERATIONS),
                ifMatch(context, ledger, skus.get(2), clients));
        context.note(String.format(Locale.ROOT, "if-match: %d of %d attempts accepted (%.1f/s), the rest were 409s",
                ifMatch.succeeded(), ifMatch.operations(), ifMatch.succeededPerSecond()));
        ledger.verify(context);
    }

    /** Restocks without If-Match: always applied to the latest version. */
    private static Operation latest(WorkloadContext context, StockLedger ledger, String sku) {
        return (client, sequence) -> Outcome.status(
                ProductApi.restock(context, ledger, sku, 1 + ThreadLocalRandom.current().nextInt(100)).status());
    }

    /** Restocks with If-Match: each client keeps the last version it was told and sends that. */
    private static Operation ifMatch(WorkloadContext context, StockLedger ledger, String sku, int clients) {
        long[] knownVersion = new long[clients]; // each slot touched by its own client thread only
        return (client, sequence) -> {
            long quantity = 1 + ThreadLocalRandom.current().nextInt(100);
            AnnalsClient.Answer answer;
            try {
                answer = context.client().post(ProductApi.restockPath(sku), ProductApi.restockBody(quantity),
                        knownVersion[client]);
            } catch (IOException e) {
                ledger.unknownOutcome(sku);
                throw e;
            }
            ProductApi.record(ledger, sku, quantity, answer);
            if (answer.status() == 200) {
                knownVersion[client] = ProductApi.version(answer);
            } else if (answer.status() == 409) {
                knownVersion[client] = ProductApi.actualVersion(answer);
            }
            return Outcome.status(answer.status());
        };
    }
}
