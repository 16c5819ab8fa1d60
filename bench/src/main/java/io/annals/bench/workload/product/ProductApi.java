package io.annals.bench.workload.product;

import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Budget;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.WorkloadContext;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The product endpoints as the workloads use them, and the setup steps they share. */
public final class ProductApi {

    static final int SETUP_CLIENTS = 16;
    private static final Pattern VERSION = Pattern.compile("\"version\"\\s*:\\s*(\\d+)");
    private static final Pattern ACTUAL_VERSION = Pattern.compile("\"actualVersion\"\\s*:\\s*(\\d+)");

    private ProductApi() {
    }

    static String path(String sku) {
        return "/api/products/" + sku;
    }

    static String restockPath(String sku) {
        return "/api/products/" + sku + "/restock";
    }

    static String restockBody(long quantity) {
        return "{\"quantity\":" + quantity + "}";
    }

    static String registerBody(String sku, long initialStock) {
        return String.format(Locale.ROOT,
                "{\"sku\":\"%s\",\"name\":\"Benchmark product %s\",\"initialStock\":%d,"
                        + "\"price\":{\"amount\":\"12.50\",\"currency\":\"EUR\"}}", sku, sku, initialStock);
    }

    /**
     * The {@code version} of a write answer or a product view. A regex rather than a JSON parser: it runs on
     * every operation, on the same two cores as the service, and the answers' shape is fixed by the contract.
     */
    static long version(AnnalsClient.Answer answer) {
        return number(VERSION, answer);
    }

    /** The {@code actualVersion} of a 409 version-conflict problem. */
    static long actualVersion(AnnalsClient.Answer answer) {
        return number(ACTUAL_VERSION, answer);
    }

    private static long number(Pattern field, AnnalsClient.Answer answer) {
        Matcher matcher = field.matcher(answer.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no " + field.pattern() + " in " + answer.status() + " " + answer.body());
        }
        return Long.parseLong(matcher.group(1));
    }

    /** Skus {@code <prefix>-000000 ..}, unique to the run. */
    public static List<String> skus(WorkloadContext context, String prefix, int count) {
        List<String> skus = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            skus.add(context.id(String.format(Locale.ROOT, "%s-%06d", prefix, i)));
        }
        return skus;
    }

    /** Registers every sku (a setup phase, reported like any other), then waits until the read model shows them. */
    public static void register(WorkloadContext context, List<String> skus, long initialStock) {
        var created = context.phase(context.workload() + " setup: register", Math.min(SETUP_CLIENTS, skus.size()),
                Budget.operations(skus.size()), (client, sequence) -> {
                    String sku = skus.get((int) sequence);
                    return Outcome.status(context.client().post("/api/products", registerBody(sku, initialStock))
                            .status());
                });
        if (created.succeeded() != skus.size()) {
            throw new IllegalStateException("could not register the workload's products: " + created.failuresText());
        }
        awaitVisible(context, skus);
    }

    /** Reads every sku with {@code minVersion=0}, so the measured phase starts on a read model that has them. */
    static void awaitVisible(WorkloadContext context, List<String> skus) {
        var visible = context.phase(context.workload() + " setup: await views", Math.min(SETUP_CLIENTS, skus.size()),
                Budget.operations(skus.size()), (client, sequence) ->
                        Outcome.status(context.client().get(path(skus.get((int) sequence)) + "?minVersion=0")
                                .status()));
        if (visible.succeeded() != skus.size()) {
            throw new IllegalStateException("the read model does not show the products: " + visible.failuresText());
        }
    }

    /** POSTs a restock; any failure that may still have been applied is recorded as an unknown outcome. */
    static AnnalsClient.Answer restock(WorkloadContext context, StockLedger ledger, String sku, long quantity)
            throws IOException, InterruptedException {
        AnnalsClient.Answer answer;
        try {
            answer = context.client().post(restockPath(sku), restockBody(quantity));
        } catch (IOException e) {
            ledger.unknownOutcome(sku);
            throw e;
        }
        record(ledger, sku, quantity, answer);
        return answer;
    }

    /** Books an answer in the ledger: 200 is acknowledged, 5xx may or may not have been applied. */
    static void record(StockLedger ledger, String sku, long quantity, AnnalsClient.Answer answer) {
        if (answer.status() == 200) {
            ledger.acknowledged(sku, quantity, version(answer));
        } else if (answer.status() >= 500) {
            ledger.unknownOutcome(sku);
        }
    }
}
