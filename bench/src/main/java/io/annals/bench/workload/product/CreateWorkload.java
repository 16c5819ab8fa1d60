package io.annals.bench.workload.product;

import io.annals.bench.load.Budget;
import io.annals.bench.load.Operation;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.PhaseResult;
import io.annals.bench.load.Workload;
import io.annals.bench.load.WorkloadContext;

import java.io.IOException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creating products (each a new aggregate stream and a new read-model row); afterwards the product list must have
 * grown by exactly the number of 201s. Customers get their own workload when their endpoints exist.
 */
public final class CreateWorkload implements Workload {

    static final int DEFAULT_CLIENTS = 32;
    static final long DEFAULT_OPERATIONS = 5_000;
    static final long DEFAULT_WARMUP = 500;
    static final long AWAIT_LIST_MILLIS = 30_000;

    @Override
    public String name() {
        return "create";
    }

    @Override
    public String description() {
        return "POST /api/products with fresh skus (32 clients); the list grows by exactly the 201s";
    }

    @Override
    public void run(WorkloadContext context) throws IOException, InterruptedException {
        var options = context.options();
        int clients = options.clientsOr(DEFAULT_CLIENTS);
        long before = totalItems(context);
        AtomicLong serial = new AtomicLong();
        Operation create = (client, sequence) -> {
            String sku = context.id(String.format(Locale.ROOT, "c-%07d", serial.getAndIncrement()));
            return Outcome.status(context.client().post("/api/products", ProductApi.registerBody(sku, 10)).status());
        };
        long warmup = options.warmupOr(DEFAULT_WARMUP);
        PhaseResult warm = null;
        if (warmup > 0) {
            warm = context.phase("create (warm-up)", clients, Budget.operations(warmup), create);
        }
        PhaseResult measured = context.phase("create", clients, options.measuredOr(DEFAULT_OPERATIONS), create);
        long created = measured.succeeded() + (warm == null ? 0 : warm.succeeded());

        long deadline = System.nanoTime() + AWAIT_LIST_MILLIS * 1_000_000;
        long after = totalItems(context);
        while (after - before < created && System.nanoTime() < deadline) {
            Thread.sleep(100);
            after = totalItems(context);
        }
        context.check("every 201 listed", after - before == created,
                "created " + created + ", list grew by " + (after - before));
    }

    private static long totalItems(WorkloadContext context) throws IOException, InterruptedException {
        var answer = context.client().get("/api/products?size=1");
        if (!answer.isOk()) {
            throw new IllegalStateException("GET /api/products answered " + answer.status());
        }
        return answer.json().get("totalItems").asLong();
    }
}
