package io.annals.query.product;

import io.annals.kernel.product.ProductRegistered;
import io.annals.kernel.product.ProductRestocked;
import io.annals.kernel.product.ProductStockReleased;
import io.annals.kernel.product.ProductStockReservationRejected;
import io.annals.kernel.product.ProductStockReserved;
import io.annals.kernel.product.ProductStockShipped;
import io.annals.kernel.product.StockMovement;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.annals.query.admin.ReadModelTables;
import io.annals.query.consistency.ReadYourWrites;
import io.annals.query.product.ProductViewWriter.Change;
import io.annals.query.product.ProductViewWriter.Registration;
import io.annals.query.projection.BatchedChanges;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * Builds {@code product_view}: {@code available} and {@code reserved} follow restocks and the workflow's
 * reservations, releases and shipments, each moving the stock as the kernel's {@link StockMovement} says. Idempotent: an event at or below the row's version was applied already and
 * is skipped, so redelivery and replay give the same content. Every event of a product moves the row's version, also
 * a rejected reservation, so the view's version is always the product's and {@code ?minVersion=} can reach it.
 *
 * <p>Set-based: the handlers only record each event in an accumulator of the processor's (batching) unit of work;
 * when the batch prepares its commit, inside the processor's transaction, {@link ProductViewWriter} writes all of
 * them with a few statements (a replay was bound by one SELECT and one UPDATE per product and event batch through
 * JPA). A failing write fails the commit, so the whole batch, its token included, rolls back and is retried.
 */
@Component
@ReadModelTables("product_view")
@ProcessingGroup(ProductProjection.GROUP)
@InstanceRole(Role.QUERY)
class ProductProjection {

    static final String GROUP = "products";

    private final BatchedChanges<Change> changes;

    ProductProjection(ProductViewWriter writer, ReadYourWrites readYourWrites) {
        this.changes = new BatchedChanges<>(ProductProjection.class, writer::write,
                changed -> readYourWrites.announce(GROUP, changed));
    }

    @EventHandler
    void on(ProductRegistered event, @SequenceNumber long version, @Timestamp Instant at) {
        record(event.sku(), Change.registered(new Registration(event.name(), event.price().amount(),
                event.price().currency()), StockMovement.of(event), version, at));
    }

    @EventHandler
    void on(ProductRestocked event, @SequenceNumber long version, @Timestamp Instant at) {
        record(event.sku(), Change.moved(StockMovement.of(event), version, at));
    }

    @EventHandler
    void on(ProductStockReserved event, @SequenceNumber long version, @Timestamp Instant at) {
        record(event.sku(), Change.moved(StockMovement.of(event), version, at));
    }

    /** A rejected reservation changes no stock but still moves the version, for read-your-writes. */
    @EventHandler
    void on(ProductStockReservationRejected event, @SequenceNumber long version, @Timestamp Instant at) {
        record(event.sku(), Change.moved(StockMovement.of(event), version, at));
    }

    @EventHandler
    void on(ProductStockReleased event, @SequenceNumber long version, @Timestamp Instant at) {
        record(event.sku(), Change.moved(StockMovement.of(event), version, at));
    }

    @EventHandler
    void on(ProductStockShipped event, @SequenceNumber long version, @Timestamp Instant at) {
        record(event.sku(), Change.moved(StockMovement.of(event), version, at));
    }

    private void record(String sku, Change change) {
        changes.record(sku, change);
    }
}
