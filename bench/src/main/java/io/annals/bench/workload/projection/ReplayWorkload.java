package io.annals.bench.workload.projection;

import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Workload;
import io.annals.bench.load.WorkloadContext;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

/**
 * Projection replay: rebuilds the {@code products} read model from the whole event store
 * ({@code POST /api/admin/projections/products/replay}, as the demo {@code admin}) and times it until the processor
 * is RUNNING again at the head it had when the replay started. Reports events/s over the store's global positions.
 * First writes {@code --replay-events} product events (1,000 products) straight into the store and waits until the
 * running projection has caught up with them, so the replay covers at least that many events.
 */
public final class ReplayWorkload implements Workload {

    static final String PROJECTION = "products";
    static final long TIMEOUT_MILLIS = 600_000;

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
        long head = status(admin).get("headPosition").asLong();
        long start = System.nanoTime();
        var answer = admin.post("/api/admin/projections/" + PROJECTION + "/replay", "{}");
        if (answer.status() != 202) {
            throw new IllegalStateException("replay answered " + answer.status() + ": " + answer.body());
        }
        long deadline = start + TIMEOUT_MILLIS * 1_000_000;
        while (true) {
            var status = status(admin);
            long position = status.path("position").asLong(-1);
            if ("RUNNING".equals(status.path("state").asText()) && position >= head) {
                break;
            }
            if (System.nanoTime() > deadline) {
                context.check("replay finished", false, "still " + status + " after " + TIMEOUT_MILLIS + " ms");
                return;
            }
            Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        context.note(String.format(Locale.ROOT, "replayed %d global positions in %.2f s: %.0f events/s", head,
                seconds, head / seconds));
        context.check("replay finished", true, "products read model current at position " + head);
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

    private String filledSkuPrefix;
    private int filledPerProduct;

    private void fillStore(WorkloadContext context, AnnalsClient admin) throws IOException, InterruptedException {
        var pidFile = context.options().postgresPidFile();
        if (pidFile.isEmpty()) {
            context.note("no --postgres-pid-file: replaying the store as it is");
            return;
        }
        int products = 1_000;
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
