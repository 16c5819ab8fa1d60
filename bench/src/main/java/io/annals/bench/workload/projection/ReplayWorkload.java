package io.annals.bench.workload.projection;

import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Budget;
import io.annals.bench.load.Operation;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.PhaseResult;
import io.annals.bench.load.ProcessCpu;
import io.annals.bench.load.Workload;
import io.annals.bench.load.WorkloadContext;
import io.annals.bench.workload.product.ProductApi;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/**
 * Projection replay: rebuilds the {@code products} read model from the whole event store
 * ({@code POST /api/admin/projections/products/replay}, as the demo {@code admin}) and times it until the new
 * generation has switched in (RUNNING again, at the head it had when the replay started). Reports events/s over the
 * store's global positions, and the reads by sku that 8 clients ({@code --clients}) made meanwhile: their rate, p99, and that every one
 * answered 200 (the live generation serves until the switch).
 * First writes {@code --replay-events} product events (1,000 products) straight into the store and waits until the
 * running projection has caught up with them, so the replay covers at least that many events.
 */
public final class ReplayWorkload implements Workload {

    static final String PROJECTION = "products";
    static final long TIMEOUT_MILLIS = 600_000;
    static final int FILLED_PRODUCTS = 1_000;
    /** Clients reading products by sku while the rebuild runs ({@code --clients} sets another number). */
    static final int READERS = 8;

    @Override
    public String name() {
        return "replay";
    }

    @Override
    public String description() {
        return "rebuild the products read model from the event store; events/s until it is current again";
    }

    @Override
    public void run(WorkloadContext context) throws IOException, InterruptedException {
        AnnalsClient admin = new AnnalsClient(context.options().baseUrl(), "admin", "admin-pw", Duration.ofSeconds(30));
        fillStore(context, admin);
        List<String> skus = readableSkus(context);
        long head = status(admin).get("headPosition").asLong();
        ProcessCpu.Sample cpuBefore = context.cpu().sample();
        long start = System.nanoTime();
        var answer = admin.post("/api/admin/projections/" + PROJECTION + "/replay", "{}");
        if (answer.status() != 202) {
            throw new IllegalStateException("replay answered " + answer.status() + ": " + answer.body());
        }
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread watcher = new Thread(() -> outcome.set(awaitSwitch(admin, head, start, done)), "replay-watcher");
        watcher.start();
        // the API keeps answering from the live generation while the new one is built beside it
        Operation read = (client, sequence) -> Outcome.status(context.client()
                .get("/api/products/" + skus.get(ThreadLocalRandom.current().nextInt(skus.size()))).status());
        int readers = context.options().clientsOr(READERS);
        PhaseResult reads = context.phase("reads by sku during the rebuild", readers, Budget.until(done::get), read);
        watcher.join();
        ProcessCpu.Sample cpuUsed = context.cpu().sample().minus(cpuBefore);
        if (outcome.get() != null) {
            context.check("replay finished", false, outcome.get());
            return;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        context.note(String.format(Locale.ROOT, "rebuilt %d global positions in %.2f s: %.0f events/s, while %d "
                        + "readers read %.0f products/s by sku (p99 %.1f ms)", head, seconds, head / seconds, readers,
                reads.succeededPerSecond(), reads.latency().percentileMillis(99)));
        // the reads' phase line charges the rebuild to the reads; this charges the reads to the rebuild's events
        context.note("rebuild and reads beside it, per replayed event: " + cpuUsed.describePerOperation(head));
        context.check("replay finished", true, "products read model rebuilt and switched in, current at " + head);
        context.check("every read during the rebuild answered 200", reads.failures().isEmpty(),
                reads.operations() + " reads; non-2xx: " + reads.failuresText());
        if (filledSkuPrefix != null) {
            var product = context.client().get("/api/products/" + filledSkuPrefix + "-0");
            long expected = filledPerProduct - 1;
            boolean exact = product.isOk() && product.json().get("available").asLong() == expected
                    && product.json().get("version").asLong() == expected;
            context.check("replayed content exact", exact, "a filled product shows " + (product.isOk()
                    ? "available " + product.json().get("available") + ", version " + product.json().get("version")
                    : "status " + product.status()) + "; expected " + expected);
        }
    }

    /** Polls until the new generation has switched in; a reason it did not, or {@code null}. */
    private static String awaitSwitch(AnnalsClient admin, long head, long start, AtomicBoolean done) {
        long deadline = start + TIMEOUT_MILLIS * 1_000_000;
        try {
            while (true) {
                var status = status(admin);
                if ("RUNNING".equals(status.path("state").asText()) && status.path("position").asLong(-1) >= head) {
                    return null;
                }
                if (System.nanoTime() > deadline) {
                    return "still " + status + " after " + TIMEOUT_MILLIS + " ms";
                }
                Thread.sleep(50);
            }
        } catch (IOException | RuntimeException e) {
            return "status failed: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            done.set(true);
        }
    }

    /** The filled products, or (without a fill) products registered for the readers. */
    private List<String> readableSkus(WorkloadContext context) {
        if (filledSkuPrefix != null) {
            return IntStream.range(0, FILLED_PRODUCTS).mapToObj(i -> filledSkuPrefix + "-" + i).toList();
        }
        List<String> skus = ProductApi.skus(context, "rr", 200);
        ProductApi.register(context, skus, 10);
        return skus;
    }

    private String filledSkuPrefix;
    private int filledPerProduct;

    private void fillStore(WorkloadContext context, AnnalsClient admin) throws IOException, InterruptedException {
        var pidFile = context.options().postgresPidFile();
        if (pidFile.isEmpty()) {
            context.note("no --postgres-pid-file: replaying the store as it is");
            return;
        }
        int products = FILLED_PRODUCTS;
        int perProduct = Math.max(1, context.options().replayEvents() / products);
        String skuPrefix = context.id("rp");
        long start = System.nanoTime();
        try {
            new EventStoreFiller().fill(EventStoreFiller.jdbcUrl(pidFile.get()), skuPrefix, products, perProduct);
            filledSkuPrefix = skuPrefix;
            filledPerProduct = perProduct;
        } catch (java.sql.SQLException e) {
            throw new IOException("filling the event store failed", e);
        }
        double fillSeconds = (System.nanoTime() - start) / 1e9;
        // the filler commits in batches, so the live projection works through them while the fill runs: the rate
        // below is over what was still behind when the fill ended
        var atFillEnd = status(admin);
        long head = atFillEnd.get("headPosition").asLong();
        long backlog = head - Math.max(0, atFillEnd.path("position").asLong(0));
        long catchUpStart = System.nanoTime();
        while (status(admin).path("position").asLong(-1) < head) {
            Thread.sleep(100);
        }
        double catchUpSeconds = (System.nanoTime() - catchUpStart) / 1e9;
        context.note(String.format(Locale.ROOT, "wrote %d events in %.1f s; the live projection was %d events behind "
                + "when the fill ended and caught up in %.1f s (%.0f events/s)", (long) products * perProduct,
                fillSeconds, backlog, catchUpSeconds, backlog / catchUpSeconds));
    }

    private static com.fasterxml.jackson.databind.JsonNode status(AnnalsClient admin) throws IOException, InterruptedException {
        var answer = admin.get("/api/admin/projections");
        if (!answer.isOk()) {
            throw new IllegalStateException("GET /api/admin/projections answered " + answer.status());
        }
        for (var projection : answer.json()) {
            if (PROJECTION.equals(projection.path("name").asText())) {
                return projection;
            }
        }
        throw new IllegalStateException("no projection " + PROJECTION);
    }
}
