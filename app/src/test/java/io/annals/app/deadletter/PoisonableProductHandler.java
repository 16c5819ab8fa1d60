package io.annals.app.deadletter;

import io.annals.kernel.product.ProductRegistered;
import io.annals.kernel.product.ProductRestocked;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * TEST ONLY: an event handler in its own processing group (a pooled processor with Axon's defaults) that fails on
 * the events of products a test has poisoned, until it is cured. Component-scanned into every test context; it
 * ignores every product no test told it to {@link #watch}.
 */
@Component
@ProcessingGroup(PoisonableProductHandler.GROUP)
class PoisonableProductHandler {

    static final String GROUP = "dead-letter-probe";

    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Set<String> poisoned = ConcurrentHashMap.newKeySet();
    private final Map<String, List<String>> handled = new ConcurrentHashMap<>();

    @EventHandler
    void on(ProductRegistered registered) {
        handle(registered.sku(), "registered");
    }

    @EventHandler
    void on(ProductRestocked restocked) {
        handle(restocked.sku(), "restocked " + restocked.quantity());
    }

    private void handle(String sku, String what) {
        if (!watched.contains(sku)) {
            return;
        }
        if (poisoned.contains(sku)) {
            throw new IllegalStateException("product " + sku + " is poisoned\n\tfor this test");
        }
        handled.computeIfAbsent(sku, s -> new CopyOnWriteArrayList<>()).add(what);
    }

    void watch(String sku) {
        watched.add(sku);
    }

    void poison(String sku) {
        watch(sku);
        poisoned.add(sku);
    }

    void cure(String sku) {
        poisoned.remove(sku);
    }

    /** What was handled of the product's events, in order. */
    List<String> handled(String sku) {
        return List.copyOf(handled.getOrDefault(sku, List.of()));
    }
}
