package io.annals.app.admin;

import io.annals.kernel.customer.CustomerUpdated;
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
 * TEST ONLY: a handler in the {@code customers} projection's processing group that holds a replay at one rename of a
 * customer until the test lets it go, so a test can look at the projection while it is still replaying.
 * Component-scanned into every test context (query instances only, like the projection); it lets every event it was
 * not told to {@link #close} for pass at once, and never holds regular processing.
 */
@Component
@ProcessingGroup("customers")
@InstanceRole(Role.QUERY)
class ReplayGate {

    /** Longer than any test waits with the gate closed; the replay then goes on regardless. */
    private static final Duration LONGEST_HOLD = Duration.ofSeconds(120);

    private final Map<String, Gate> gates = new ConcurrentHashMap<>();

    private record Gate(String name, CountDownLatch reached, CountDownLatch opened) {
    }

    @EventHandler
    void on(CustomerUpdated event, ReplayStatus status) throws InterruptedException {
        Gate gate = gates.get(event.customerId());
        if (gate == null || !status.isReplay() || !gate.name().equals(event.name())) {
            return;
        }
        gate.reached().countDown();
        gate.opened().await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A replay will stop where this customer was renamed to {@code name}, until {@link #open}. */
    void close(String customerId, String name) {
        gates.put(customerId, new Gate(name, new CountDownLatch(1), new CountDownLatch(1)));
    }

    /** Whether a replay is being held at this customer's rename. */
    boolean holds(String customerId) {
        Gate gate = gates.get(customerId);
        return gate != null && gate.reached().getCount() == 0 && gate.opened().getCount() > 0;
    }

    void open(String customerId) {
        Gate gate = gates.remove(customerId);
        if (gate != null) {
            gate.opened().countDown();
        }
    }
}
