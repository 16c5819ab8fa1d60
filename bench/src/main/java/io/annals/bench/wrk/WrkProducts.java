package io.annals.bench.wrk;

import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Budget;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.PhaseResult;
import io.annals.bench.load.PhaseRunner;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The products a wrk workload runs on, over the JDK's HTTP client (not measured): created before any wrk run and
 * awaited in the read model; afterwards their stock, for the nothing-lost check; and the wait for the service.
 */
final class WrkProducts {

    static final long INITIAL_STOCK = 100;
    private static final int SETUP_CLIENTS = 16;
    private static final Duration AWAIT_STOCK = Duration.ofSeconds(60);
    private static final Pattern AVAILABLE = Pattern.compile("\"available\"\\s*:\\s*(\\d+)");

    private final WrkSettings settings;
    private final AnnalsClient client;
    private final PhaseRunner runner = new PhaseRunner();

    WrkProducts(WrkSettings settings, AnnalsClient client) {
        this.settings = settings;
        this.client = client;
    }

    /** The workload's products, created before any wrk run, and visible to reads. */
    void register(WrkWorkload workload, List<String> skus) {
        if (skus.isEmpty()) {
            return;
        }
        PhaseResult created = runner.run(workload.label() + " setup", Math.min(SETUP_CLIENTS, skus.size()),
                Budget.operations(skus.size()), (c, sequence) -> {
                    String sku = skus.get((int) sequence);
                    return Outcome.status(client.post("/api/products",
                            settings.target().registerBody(sku, INITIAL_STOCK)).status());
                });
        if (created.succeeded() != skus.size()) {
            throw new IllegalStateException("could not create the products: " + created.failuresText());
        }
        PhaseResult visible = runner.run(workload.label() + " setup: await views", Math.min(SETUP_CLIENTS,
                skus.size()), Budget.operations(skus.size()), (c, sequence) -> {
                    String path = settings.target().visiblePath(skus.get((int) sequence));
                    long deadline = System.nanoTime() + AWAIT_STOCK.toNanos();
                    int status = client.get(path).status();
                    while (status == 404 && System.nanoTime() < deadline) {
                        Thread.sleep(50); // the vanilla peer's projection is eventually consistent: poll it
                        status = client.get(path).status();
                    }
                    return Outcome.status(status);
                });
        if (visible.succeeded() != skus.size()) {
            throw new IllegalStateException("the read model does not show the products: " + visible.failuresText());
        }
    }

    /**
     * Nothing lost: every restock adds 1, so the products' stock must have grown by at least the acknowledged
     * restocks, and by at most those plus the requests still in flight when a wrk run stopped (one per connection
     * and run, answered after wrk stopped listening).
     */
    /** @return empty when nothing was lost, else what is wrong */
    Optional<String> checkStock(WrkWorkload workload, List<String> skus, long acknowledged)
            throws InterruptedException {
        long expected = skus.size() * INITIAL_STOCK + acknowledged;
        long deadline = System.nanoTime() + AWAIT_STOCK.toNanos();
        long stock = stock(skus);
        while (stock < expected && System.nanoTime() < deadline) {
            Thread.sleep(250); // the read models are eventually consistent
            stock = stock(skus);
        }
        StockCheck check = new StockCheck(acknowledged, stock < 0 ? -1 : stock - skus.size() * INITIAL_STOCK,
                2L * workload.connections());
        if (check.passed()) {
            System.out.println("CHECK ok     " + workload.label() + " / nothing lost: " + check.detail());
            return Optional.empty();
        }
        return Optional.of("nothing lost: " + check.detail());
    }

    private long stock(List<String> skus) {
        AtomicLong total = new AtomicLong();
        PhaseResult read = runner.run("stock", Math.min(SETUP_CLIENTS, skus.size()), Budget.operations(skus.size()),
                (c, sequence) -> {
                    AnnalsClient.Answer answer = client.get("/api/products/" + skus.get((int) sequence));
                    Matcher matcher = AVAILABLE.matcher(answer.body());
                    if (answer.isOk() && matcher.find()) {
                        total.addAndGet(Long.parseLong(matcher.group(1)));
                    }
                    return Outcome.status(answer.status());
                });
        return read.succeeded() == skus.size() ? total.get() : -1;
    }

    static boolean awaitHealthy(WrkSettings settings, AnnalsClient client) throws InterruptedException {
        // Annals has an actuator health; the vanilla peer has none, and any answer from its API means it serves
        String path = settings.target() == Target.ANNALS ? "/actuator/health" : "/api/products/health-probe";
        long deadline = System.nanoTime() + settings.awaitHealth().toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                AnnalsClient.Answer answer = client.getAnonymous(path);
                if (settings.target() == Target.ANNALS
                        ? answer.status() == 200 && answer.body().contains("\"UP\"") : answer.status() == 404) {
                    return true;
                }
                last = answer.status() + " " + answer.body();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(250);
        }
        System.out.println("service not healthy within " + settings.awaitHealth() + ": " + last);
        return false;
    }
}
