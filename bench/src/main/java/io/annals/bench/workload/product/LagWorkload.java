package io.annals.bench.workload.product;

import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Operation;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.Workload;
import io.annals.bench.load.WorkloadContext;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Read-after-write lag: each client restocks its own product and then measures, from the moment the 200 arrived,
 * how long until a GET shows that version. Two phases: polling plain GETs back to back, and one GET with
 * {@code ?minVersion=N} (the server waits). The latency recorded is the lag, not the restock's own latency.
 */
public final class LagWorkload implements Workload {

    static final int DEFAULT_CLIENTS = 4;
    static final long DEFAULT_OPERATIONS = 500;
    static final long DEFAULT_WARMUP = 100;
    static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(10);

    @Override
    public String name() {
        return "lag";
    }

    @Override
    public String description() {
        return "restock -> read model shows it: polled GETs vs one GET ?minVersion=N (4 clients, own product each)";
    }

    @Override
    public void run(WorkloadContext context) {
        var options = context.options();
        int clients = options.clientsOr(DEFAULT_CLIENTS);
        List<String> skus = ProductApi.skus(context, "l", clients);
        ProductApi.register(context, skus, 0);
        StockLedger ledger = new StockLedger(skus, 0);
        LongAdder polls = new LongAdder();
        Operation polled = lag(context, ledger, skus, (sku, version) -> {
            long start = System.nanoTime();
            while (System.nanoTime() - start < GIVE_UP_NANOS) {
                polls.increment();
                AnnalsClient.Answer answer = context.client().get(ProductApi.path(sku));
                if (answer.isOk() && ProductApi.version(answer) >= version) {
                    return Outcome.ok(System.nanoTime() - start);
                }
                if (!answer.isOk() && answer.status() != 404) {
                    return Outcome.status(answer.status());
                }
            }
            return Outcome.failed("not-visible-10s");
        });
        Operation minVersion = lag(context, ledger, skus, (sku, version) -> {
            long start = System.nanoTime();
            AnnalsClient.Answer answer = context.client().get(ProductApi.path(sku) + "?minVersion=" + version);
            long lag = System.nanoTime() - start;
            if (!answer.isOk()) {
                return Outcome.status(answer.status());
            }
            return ProductApi.version(answer) >= version ? Outcome.ok(lag) : Outcome.failed("stale-answer");
        });

        context.warmup("lag", clients, options.warmupOr(DEFAULT_WARMUP), polled);
        polls.reset();
        var polledResult = context.phase("lag polled", clients, options.measuredOr(DEFAULT_OPERATIONS), polled);
        context.note(String.format(Locale.ROOT, "polled: %.2f GETs per restock until visible",
                polls.sum() / (double) Math.max(1, polledResult.operations())));
        context.phase("lag minVersion", clients, options.measuredOr(DEFAULT_OPERATIONS), minVersion);
        ledger.verify(context);
    }

    @FunctionalInterface
    private interface AwaitVisible {
        Outcome await(String sku, long version) throws Exception;
    }

    /** Restocks the client's own product, then measures how long {@code awaitVisible} takes to see it. */
    private static Operation lag(WorkloadContext context, StockLedger ledger, List<String> skus,
                                 AwaitVisible awaitVisible) {
        return (client, sequence) -> {
            String sku = skus.get(client);
            AnnalsClient.Answer written = ProductApi.restock(context, ledger, sku,
                    1 + ThreadLocalRandom.current().nextInt(100));
            if (written.status() != 200) {
                return Outcome.failed("restock-" + written.status());
            }
            return awaitVisible.await(sku, ProductApi.version(written));
        };
    }
}
