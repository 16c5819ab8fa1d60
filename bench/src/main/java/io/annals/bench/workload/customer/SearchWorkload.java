package io.annals.bench.workload.customer;

import io.annals.bench.load.Budget;
import io.annals.bench.load.Operation;
import io.annals.bench.load.Outcome;
import io.annals.bench.load.Workload;
import io.annals.bench.load.WorkloadContext;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Customer search ({@code GET /api/customers/search?q=}) over {@code --customers} customers (default 100,000):
 * registers them, waits until all are searchable, then searches for random fragments of names and emails: at
 * {@code --clients} (default 32) for throughput, then at {@value #LATENCY_CLIENTS} clients for latency.
 */
public final class SearchWorkload implements Workload {

    static final int DEFAULT_CLIENTS = 32;
    /**
     * The latency phase's clients: with 32 clients on two cores the latency of a closed loop is mostly queueing
     * (clients / throughput), so the search's own latency is measured at a load the machine is not saturated by.
     */
    static final int LATENCY_CLIENTS = 4;
    static final int SETUP_CLIENTS = 32;
    static final long DEFAULT_OPERATIONS = 20_000;
    static final long DEFAULT_WARMUP = 2_000;
    static final long AWAIT_MILLIS = 120_000;

    @Override
    public String name() {
        return "search";
    }

    @Override
    public String description() {
        return "GET /api/customers/search?q= over --customers customers (default 100000, 32 clients)";
    }

    @Override
    public void run(WorkloadContext context) throws IOException, InterruptedException {
        var options = context.options();
        int customers = options.customers();
        String tag = context.id("s").toLowerCase();
        AtomicLong serial = new AtomicLong();
        Operation register = (client, sequence) -> {
            long n = serial.getAndIncrement();
            String body = CustomerApi.registerBody(CustomerApi.email(tag, n), CustomerApi.name(n));
            return Outcome.status(context.client().post("/api/customers", body).status());
        };
        long registered = context.phase("search setup: register", SETUP_CLIENTS, Budget.operations(customers), register)
                .succeeded();
        long searchable = awaitSearchCount(context, "@" + tag + ".", registered, AWAIT_MILLIS);
        context.check("every customer searchable", searchable == registered,
                "registered " + registered + ", search found " + searchable);

        Operation search = (client, sequence) -> {
            var random = ThreadLocalRandom.current();
            String q = switch (random.nextInt(3)) {
                // a surname fragment: matches about 1/26 of all customers
                case 0 -> fragment(CustomerApi.SURNAMES.get(random.nextInt(CustomerApi.SURNAMES.size())), random);
                // a four-letter fragment of some customer's token: a handful of matches
                case 1 -> CustomerApi.token(random.nextInt(customers)).substring(random.nextInt(2), 4);
                // a whole token: usually one customer
                default -> CustomerApi.token(random.nextInt(customers));
            };
            return Outcome.status(context.client()
                    .get("/api/customers/search?size=20&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).status());
        };
        int clients = options.clientsOr(DEFAULT_CLIENTS);
        long warmup = options.warmupOr(DEFAULT_WARMUP);
        if (warmup > 0) {
            context.phase("search (warm-up)", clients, Budget.operations(warmup), search);
        }
        context.phase("search", clients, options.measuredOr(DEFAULT_OPERATIONS), search);
        context.phase("search latency, " + LATENCY_CLIENTS + " clients", LATENCY_CLIENTS,
                options.measuredOr(DEFAULT_OPERATIONS), search);
    }

    private static String fragment(String word, ThreadLocalRandom random) {
        int length = Math.min(word.length(), 3 + random.nextInt(3));
        int start = random.nextInt(word.length() - length + 1);
        return word.substring(start, start + length).toLowerCase();
    }

    /** Polls the search for {@code q} until it finds {@code expected} customers or the time is up. */
    static long awaitSearchCount(WorkloadContext context, String q, long expected, long waitMillis)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        long found;
        do {
            var answer = context.client().get("/api/customers/search?size=1&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
            found = answer.isOk() ? answer.json().get("totalItems").asLong() : -1;
            if (found >= expected) {
                return found;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return found;
    }
}
