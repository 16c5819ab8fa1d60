package io.annals.app.admin;

import io.annals.kernel.customer.CustomerUpdated;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.product.ProductRestocked;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * TEST ONLY: holds a projection's rebuild at the first replayed event of one type (a restock, a customer update, an
 * order placement) until the test lets it go, so a test can read and write while the rebuild is under way. One
 * segment of the rebuild stops; the rebuild cannot switch while one segment is behind. Live processing (not a
 * replay) never stops here. Component-scanned into every test context, on query instances, like the projections.
 */
final class RebuildHold {

    /** Longer than any test holds; the rebuild then goes on regardless. */
    private static final Duration LONGEST_HOLD = Duration.ofSeconds(120);
    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();

    private record Gate(CountDownLatch reached, CountDownLatch opened) {
    }

    private RebuildHold() {
    }

    /** The next rebuild of {@code projection} stops at its first replayed event of the held type. */
    static void close(String projection) {
        GATES.put(projection, new Gate(new CountDownLatch(1), new CountDownLatch(1)));
    }

    static boolean holds(String projection) {
        Gate gate = GATES.get(projection);
        return gate != null && gate.reached().getCount() == 0 && gate.opened().getCount() > 0;
    }

    static void open(String projection) {
        Gate gate = GATES.remove(projection);
        if (gate != null) {
            gate.opened().countDown();
        }
    }

    private static void at(String projection, ReplayStatus status) throws InterruptedException {
        Gate gate = GATES.get(projection);
        if (gate == null || !status.isReplay() || gate.reached().getCount() == 0) {
            return;
        }
        gate.reached().countDown();
        gate.opened().await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Component
    @ProcessingGroup("products")
    @InstanceRole(Role.QUERY)
    static class Products {
        @EventHandler
        void on(ProductRestocked event, ReplayStatus status) throws InterruptedException {
            at("products", status);
        }
    }

    @Component
    @ProcessingGroup("customers")
    @InstanceRole(Role.QUERY)
    static class Customers {
        @EventHandler
        void on(CustomerUpdated event, ReplayStatus status) throws InterruptedException {
            at("customers", status);
        }
    }

    @Component
    @ProcessingGroup("orders")
    @InstanceRole(Role.QUERY)
    static class Orders {
        @EventHandler
        void on(OrderPlaced event, ReplayStatus status) throws InterruptedException {
            at("orders", status);
        }
    }
}
