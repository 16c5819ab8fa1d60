package io.annals.query.product;

import io.annals.kernel.product.ProductRegistered;
import io.annals.kernel.product.ProductRestocked;
import io.annals.query.consistency.ReadYourWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Builds {@code product_view}. Idempotent: an event at or below the row's version was applied already and is
 * skipped, so redelivery and replay give the same content.
 */
@Component
@ProcessingGroup(ProductProjection.GROUP)
class ProductProjection {

    static final String GROUP = "products";

    private final ProductViewRepository repository;
    private final ReadYourWrites readYourWrites;

    ProductProjection(ProductViewRepository repository, ReadYourWrites readYourWrites) {
        this.repository = repository;
        this.readYourWrites = readYourWrites;
    }

    @EventHandler
    void on(ProductRegistered event, @SequenceNumber long version, @Timestamp Instant at) {
        if (repository.existsById(event.sku())) {
            return;
        }
        repository.save(new ProductView(event.sku(), event.name(), event.price().amount(), event.price().currency(),
                event.initialStock(), version, at));
        announce(event.sku());
    }

    @EventHandler
    void on(ProductRestocked event, @SequenceNumber long version, @Timestamp Instant at) {
        repository.findById(event.sku())
                .filter(view -> view.getVersion() < version)
                .ifPresent(view -> {
                    view.restock(event.quantity(), version, at);
                    announce(event.sku());
                });
    }

    @ResetHandler
    void reset() {
        repository.deleteAllInBatch();
    }

    private void announce(String sku) {
        readYourWrites.announce(GROUP, sku);
    }
}
