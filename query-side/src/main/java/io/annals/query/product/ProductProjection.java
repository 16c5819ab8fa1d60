package io.annals.query.product;

import io.annals.kernel.product.ProductRegistered;
import io.annals.kernel.product.ProductRestocked;
import io.annals.kernel.product.StockReleased;
import io.annals.kernel.product.StockReservationRejected;
import io.annals.kernel.product.StockReserved;
import io.annals.kernel.product.StockShipped;
import io.annals.query.consistency.ReadYourWrites;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * Builds {@code product_view}: {@code available} and {@code reserved} follow restocks and the workflow's
 * reservations, releases and shipments. Idempotent: an event at or below the row's version was applied already and
 * is skipped, so redelivery and replay give the same content. Every event of a product moves the row's version, also
 * a rejected reservation, so the view's version is always the product's and {@code ?minVersion=} can reach it.
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
        update(event.sku(), version, view -> view.restock(event.quantity(), version, at));
    }

    @EventHandler
    void on(StockReserved event, @SequenceNumber long version, @Timestamp Instant at) {
        update(event.sku(), version, view -> view.reserve(event.quantity(), version, at));
    }

    @EventHandler
    void on(StockReservationRejected event, @SequenceNumber long version, @Timestamp Instant at) {
        update(event.sku(), version, view -> view.touch(version, at));
    }

    @EventHandler
    void on(StockReleased event, @SequenceNumber long version, @Timestamp Instant at) {
        update(event.sku(), version, view -> view.release(event.quantity(), version, at));
    }

    @EventHandler
    void on(StockShipped event, @SequenceNumber long version, @Timestamp Instant at) {
        update(event.sku(), version, view -> view.ship(event.quantity(), version, at));
    }

    @ResetHandler
    void reset() {
        repository.deleteAllInBatch();
    }

    /** Applies an event of version {@code version} to the product's row unless the row has it already. */
    private void update(String sku, long version, Consumer<ProductView> change) {
        repository.findById(sku)
                .filter(view -> view.getVersion() < version)
                .ifPresent(view -> {
                    change.accept(view);
                    announce(sku);
                });
    }

    private void announce(String sku) {
        readYourWrites.announce(GROUP, sku);
    }
}
