package io.annals.bench.workload.product;

import io.annals.bench.load.Operation;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.PhaseResult;
import io.annals.bench.load.Workload;
import io.annals.bench.load.WorkloadContext;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** GET /api/products/{sku} over N existing products (32 clients): the read-model lookup path. */
public final class ReadWorkload implements Workload {

    static final int DEFAULT_PRODUCTS = 1_000;
    static final int DEFAULT_CLIENTS = 32;
    static final long DEFAULT_OPERATIONS = 60_000;
    static final long DEFAULT_WARMUP = 10_000;

    @Override
    public String name() {
        return "read";
    }

    @Override
    public String description() {
        return "GET /api/products/{sku} at random over N products (default 1000, 32 clients)";
    }

    @Override
    public void run(WorkloadContext context) {
        var options = context.options();
        List<String> skus = ProductApi.skus(context, "r", options.productsOr(DEFAULT_PRODUCTS));
        ProductApi.register(context, skus, 10);
        Operation read = (client, sequence) -> Outcome.status(context.client()
                .get(ProductApi.path(skus.get(ThreadLocalRandom.current().nextInt(skus.size())))).status());
        int clients = options.clientsOr(DEFAULT_CLIENTS);
        context.warmup("read", clients, options.warmupOr(DEFAULT_WARMUP), read);
        PhaseResult result = context.phase("read", clients, options.measuredOr(DEFAULT_OPERATIONS), read);
        context.check("every read found", result.failures().isEmpty(), "non-2xx: " + result.failuresText());
    }
}
