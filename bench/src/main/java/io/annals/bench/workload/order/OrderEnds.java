package io.annals.bench.workload.order;

import com.fasterxml.jackson.databind.JsonNode;
import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.LatencyStats;
import io.annals.bench.load.WorkloadContext;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the orders of a run ended: waiting for their sagas to end, place → COMPLETED from each order's own timeline
 * (the server's event timestamps, so polling does not distort it), and the stock invariant over every order placed.
 */
final class OrderEnds {

    static final Duration END_PATIENCE = Duration.ofMinutes(5);
    static final Duration STOCK_PATIENCE = Duration.ofSeconds(30);

    /** An order the workload placed: whose, and how many of each sku. */
    record Placed(String customerId, Map<String, Integer> quantities) {
    }

    /** The completed orders of one phase and their rate from the first placed to the last completed. */
    record Completion(int completed, double perSecond, LatencyStats placeToCompleted) {
    }

    private OrderEnds() {
    }

    /**
     * Waits until as many fulfilment sagas have ended as orders were placed (one cheap count per second, so the
     * waiting does not load the service it measures), then reads every customer's orders once.
     */
    static Map<String, JsonNode> awaitEnded(WorkloadContext context, AnnalsClient admin, List<String> customers,
                                            int expected) throws Exception {
        long deadline = System.nanoTime() + END_PATIENCE.toNanos();
        while (System.nanoTime() < deadline
                && admin.get("/api/admin/sagas?state=ENDED&size=1").json().path("totalItems").asLong() < expected) {
            pause(Duration.ofSeconds(1));
        }
        Map<String, JsonNode> ended = new HashMap<>();
        for (String customerId : customers) {
            for (int page = 0; ; page++) {
                JsonNode answer = context.client()
                        .get("/api/orders?customerId=" + customerId + "&size=200&page=" + page).json();
                answer.path("items").forEach(order -> {
                    String status = order.path("status").asText();
                    if (status.equals("COMPLETED") || status.equals("CANCELLED")) {
                        ended.put(order.path("orderId").asText(), order);
                    }
                });
                if (page + 1 >= answer.path("totalPages").asInt()) {
                    break;
                }
            }
        }
        return ended;
    }

    /** Notes and checks one phase's orders: placed, completed, the rate and the percentiles of place → COMPLETED. */
    static Completion report(WorkloadContext context, String phase, double placedPerSecond, Map<String, Placed> placed,
                             Map<String, JsonNode> ended, double drainSeconds) {
        LatencyStats toCompleted = new LatencyStats();
        Instant first = null;
        Instant last = null;
        int completed = 0;
        for (JsonNode order : ended.values()) {
            Instant pending = at(order, "PENDING");
            Instant done = at(order, "COMPLETED");
            if (pending == null || done == null) {
                continue;
            }
            completed++;
            toCompleted.recordNanos(Duration.between(pending, done).toNanos());
            first = first == null || pending.isBefore(first) ? pending : first;
            last = last == null || done.isAfter(last) ? done : last;
        }
        double span = first == null ? 0 : Duration.between(first, last).toNanos() / 1e9;
        double perSecond = span > 0 ? completed / span : 0;
        context.note(String.format(Locale.ROOT, "%s: placed %d orders at %.1f/s; %d completed, %d cancelled, %d not "
                        + "ended (%.1f s after the last was placed)", phase, placed.size(), placedPerSecond, completed,
                ended.size() - completed, placed.size() - ended.size(), drainSeconds));
        context.note(String.format(Locale.ROOT, "%s: completed %.1f orders/s (first placed -> last completed %.2f s)",
                phase, perSecond, span));
        context.note(String.format(Locale.ROOT, "%s: place -> COMPLETED: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, "
                        + "max %.1f ms", phase, toCompleted.percentileMillis(50), toCompleted.percentileMillis(90),
                toCompleted.percentileMillis(99), toCompleted.maxMillis()));
        context.check(phase + ": every order ended", ended.size() == placed.size(),
                ended.size() + " of " + placed.size() + " ended");
        context.check(phase + ": every order completed", completed == placed.size(),
                completed + " of " + placed.size() + " completed");
        return new Completion(completed, perSecond, toCompleted);
    }

    /**
     * available + reserved + shipped == initial for every product, with nothing left reserved. The product views may
     * still be catching up with the last ProductStockShipped events, so an unsettled answer is read again for a while.
     */
    static void verifyStock(WorkloadContext context, List<String> skus, long initialStock, Map<String, Placed> placed,
                            Map<String, JsonNode> ended) throws Exception {
        Map<String, Long> shipped = new HashMap<>();
        ended.forEach((orderId, order) -> {
            if (order.path("status").asText().equals("COMPLETED")) {
                placed.get(orderId).quantities().forEach((sku, quantity) -> shipped.merge(sku, (long) quantity, Long::sum));
            }
        });
        long deadline = System.nanoTime() + STOCK_PATIENCE.toNanos();
        List<String> off = stockOff(context, skus, initialStock, shipped);
        while (!off.isEmpty() && System.nanoTime() < deadline && pause(Duration.ofMillis(250))) {
            off = stockOff(context, skus, initialStock, shipped);
        }
        context.check("stock invariant", off.isEmpty(),
                off.isEmpty() ? skus.size() + " products exact" : off.size() + " products off, e.g. " + off.get(0));
    }

    private static List<String> stockOff(WorkloadContext context, List<String> skus, long initialStock,
                                         Map<String, Long> shipped) throws IOException, InterruptedException {
        List<String> off = new ArrayList<>();
        for (String sku : skus) {
            JsonNode product = context.client().get("/api/products/" + sku).json();
            long available = product.path("available").asLong();
            long reserved = product.path("reserved").asLong();
            if (reserved != 0 || available + shipped.getOrDefault(sku, 0L) != initialStock) {
                off.add(sku + ": available " + available + ", reserved " + reserved + ", shipped "
                        + shipped.getOrDefault(sku, 0L));
            }
        }
        return off;
    }

    /** Polling a running service for the end of its work (not synchronising a test). */
    private static boolean pause(Duration duration) throws InterruptedException {
        Thread.sleep(duration.toMillis());
        return true;
    }

    private static Instant at(JsonNode order, String status) {
        for (JsonNode entry : order.path("timeline")) {
            if (entry.path("status").asText().equals(status)) {
                return Instant.parse(entry.path("at").asText());
            }
        }
        return null;
    }
}
