package io.annals.bench.workload.product;

import io.annals.bench.load.Operation;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.Workload;
import io.annals.bench.load.WorkloadContext;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Restock commands spread uniformly over N products; afterwards every acknowledged restock must be in the stock. */
public final class RestockWorkload implements Workload {

    static final int DEFAULT_PRODUCTS = 1_000;
    static final int DEFAULT_CLIENTS = 32;
    static final long DEFAULT_OPERATIONS = 20_000;
    static final long DEFAULT_WARMUP = 3_000;
    static final long INITIAL_STOCK = 100;

    @Override
    public String name() {
        return "restock";
    }

    @Override
    public String description() {
        return "command throughput: POST restock over N products (default 1000, 32 clients), nothing lost";
    }

    @Override
    public void run(WorkloadContext context) {
        var options = context.options();
        List<String> skus = ProductApi.skus(context, "p", options.productsOr(DEFAULT_PRODUCTS));
        ProductApi.register(context, skus, INITIAL_STOCK);
        StockLedger ledger = new StockLedger(skus, INITIAL_STOCK);
        Operation restock = (client, sequence) -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String sku = skus.get(random.nextInt(skus.size()));
            return Outcome.status(ProductApi.restock(context, ledger, sku, 1 + random.nextInt(100)).status());
        };
        int clients = options.clientsOr(DEFAULT_CLIENTS);
        context.warmup("restock", clients, options.warmupOr(DEFAULT_WARMUP), restock);
        context.phase("restock", clients, options.measuredOr(DEFAULT_OPERATIONS), restock);
        ledger.verify(context);
    }
}
