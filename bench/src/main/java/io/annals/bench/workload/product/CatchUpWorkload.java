package io.annals.bench.workload.product;

import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Budget;
import io.annals.bench.load.Operation;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.Workload;
import io.annals.bench.load.WorkloadContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A burst of restocks as fast as 32 clients can send them, then: how long after the last acknowledged command does
 * the read model show every product at its last acknowledged version? A few poller threads re-read the products
 * still behind, so the figure is exact to about one polling round (a few GETs).
 */
public final class CatchUpWorkload implements Workload {

    static final int DEFAULT_PRODUCTS = 100;
    static final int DEFAULT_CLIENTS = 32;
    static final int POLLERS = 4;
    static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(120);

    @Override
    public String name() {
        return "catch-up";
    }

    @Override
    public String description() {
        return "burst of --burst restocks (default 20000, 32 clients), then time until the read model is current";
    }

    @Override
    public void run(WorkloadContext context) throws InterruptedException {
        var options = context.options();
        List<String> skus = ProductApi.skus(context, "b", options.productsOr(DEFAULT_PRODUCTS));
        ProductApi.register(context, skus, 0);
        StockLedger ledger = new StockLedger(skus, 0);
        AtomicLong lastAcknowledged = new AtomicLong();
        Operation restock = (client, sequence) -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            String sku = skus.get(random.nextInt(skus.size()));
            AnnalsClient.Answer answer = ProductApi.restock(context, ledger, sku, 1 + random.nextInt(100));
            if (answer.status() == 200) {
                lastAcknowledged.accumulateAndGet(System.nanoTime(), Math::max);
            }
            return Outcome.status(answer.status());
        };
        context.phase("catch-up burst", options.clientsOr(DEFAULT_CLIENTS),
                Budget.operations(options.burst()), restock);

        CatchUp catchUp = awaitCurrent(context, ledger, skus);
        double millis = (catchUp.currentAt - lastAcknowledged.get()) / 1e6;
        context.note(String.format(Locale.ROOT,
                "read model current %.0f ms after the last acknowledged restock (%d of %d products behind at the "
                        + "first look, %d GETs polled)", millis, catchUp.behindAtFirstLook, skus.size(),
                catchUp.gets));
        context.check("read model caught up", catchUp.complete,
                catchUp.complete ? "every product at its last acknowledged version"
                        : "still behind after " + TimeUnit.NANOSECONDS.toSeconds(GIVE_UP_NANOS) + " s");
        ledger.verify(context);
    }

    private record CatchUp(boolean complete, long currentAt, long behindAtFirstLook, long gets) {
    }

    private static CatchUp awaitCurrent(WorkloadContext context, StockLedger ledger, List<String> skus)
            throws InterruptedException {
        int pollers = Math.min(POLLERS, skus.size());
        long start = System.nanoTime();
        long[] currentAt = new long[pollers];
        long[] behind = new long[pollers];
        long[] gets = new long[pollers];
        boolean[] complete = new boolean[pollers];
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < pollers; p++) {
            int poller = p;
            Thread thread = new Thread(() -> {
                List<String> pending = new ArrayList<>();
                for (int i = poller; i < skus.size(); i += pollers) {
                    pending.add(skus.get(i));
                }
                boolean firstRound = true;
                while (!pending.isEmpty() && System.nanoTime() - start < GIVE_UP_NANOS) {
                    for (var it = pending.iterator(); it.hasNext(); ) {
                        String sku = it.next();
                        gets[poller]++;
                        try {
                            AnnalsClient.Answer answer = context.client().get(ProductApi.path(sku));
                            if (answer.isOk() && ProductApi.version(answer) >= ledger.maxVersion(sku)) {
                                currentAt[poller] = System.nanoTime();
                                it.remove();
                            } else if (firstRound) {
                                behind[poller]++;
                            }
                        } catch (Exception e) {
                            // a failed poll is retried in the next round
                        }
                    }
                    firstRound = false;
                }
                complete[poller] = pending.isEmpty();
            }, "catch-up-poller-" + p);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long latest = 0;
        long behindTotal = 0;
        long getsTotal = 0;
        boolean all = true;
        for (int p = 0; p < pollers; p++) {
            latest = Math.max(latest, currentAt[p]);
            behindTotal += behind[p];
            getsTotal += gets[p];
            all &= complete[p];
        }
        return new CatchUp(all, latest, behindTotal, getsTotal);
    }
}
