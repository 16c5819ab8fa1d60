package io.annals.command.product;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.annals.command.AggregateBeans;
import io.annals.command.AggregateTypes;
import io.annals.command.VersionCheck;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.product.ProductLimits;
import io.annals.kernel.product.ProductRegistered;
import io.annals.kernel.product.ProductRestocked;
import io.annals.kernel.product.ProductStockReleased;
import io.annals.kernel.product.ProductStockReservationRejected;
import io.annals.kernel.product.ProductStockReserved;
import io.annals.kernel.product.ProductStockShipped;
import io.annals.kernel.product.RegisterProduct;
import io.annals.kernel.product.ReleaseProductStock;
import io.annals.kernel.product.ReserveProductStock;
import io.annals.kernel.product.RestockProduct;
import io.annals.kernel.product.ShipProductStock;
import io.annals.kernel.product.StockMovement;
import io.annals.kernel.product.StockRejectionReason;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.HashMap;
import java.util.Map;

import static io.annals.command.WorkflowStep.applyIf;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A product and its stock. The sku is the aggregate identifier, so the event store's unique
 * (aggregate_identifier, sequence_number) index is what makes skus unique, across every node.
 *
 * <p>Stock is {@code available} or {@code reserved} for one order; {@code available + reserved} always equals the
 * initial stock plus restocks minus shipped units (API.md). Reservations are kept per order, so releasing or shipping
 * moves exactly what that order reserved. The workflow commands (reserve, release, ship) are sent by the fulfilment
 * saga inside its own transaction: they answer every expected situation with an event or a no-op, never an exception.
 */
@Aggregate(type = AggregateTypes.PRODUCT, snapshotTriggerDefinition = AggregateBeans.PRODUCT_SNAPSHOTS,
        cache = AggregateBeans.CACHE, lockFactory = AggregateBeans.LOCKS)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
class Product {

    /** The most stock a product may hold: half a long's range, headroom for sums of stock in views and folds. */
    private static final long MAX_STOCK = Long.MAX_VALUE / 2;

    @AggregateIdentifier
    private String sku;
    private long available;
    private long reserved;
    /** Units reserved per order id; an order leaves the map when its units are released or shipped. */
    private Map<String, Integer> reservations = new HashMap<>();
    private long version;

    protected Product() {
        // for Axon's event sourcing
    }

    /**
     * The request's shape (sku format, name length, the initial stock's upper bound, a price) is checked once, at the
     * HTTP edge; here only what keeps the stock meaningful whatever the sender: it never starts below zero.
     */
    @CommandHandler
    Product(RegisterProduct command, SkuRegistry registry) {
        if (command.initialStock() < 0) {
            throw new RuleViolationException("initialStock", "must not be negative");
        }
        registry.register(command.sku());
        apply(new ProductRegistered(command.sku(), command.name(), command.initialStock(), command.price()));
    }

    /**
     * The request's range ({@link ProductLimits#MIN_RESTOCK}..{@link ProductLimits#MAX_RESTOCK}) is checked once, at
     * the HTTP edge; here only what protects the stock whatever the sender: a restock never takes stock away, and the
     * stock never grows past where {@code available + reserved} could overflow.
     *
     * @return the product's version after the restock
     */
    @CommandHandler
    long handle(RestockProduct command) {
        VersionCheck.require(sku, command.expectedVersion(), version);
        if (command.quantity() < 0) {
            throw new RuleViolationException("quantity", "must not be negative");
        }
        if (command.quantity() > MAX_STOCK - (available + reserved)) {
            throw new RuleViolationException("quantity", "would overflow the stock");
        }
        apply(new ProductRestocked(sku, command.quantity()));
        return version;
    }

    /**
     * Reserves the order's units if that many are available, else records the rejection with what was available.
     * A repeat for an order that already holds a reservation here changes nothing.
     *
     * @return whether the order holds a reservation of this product afterwards
     */
    @CommandHandler
    boolean handle(ReserveProductStock command) {
        if (command.quantity() < 1) {
            // the saga sends only order lines' quantities, which are at least 1; reaching here is a caller's bug
            throw new RuleViolationException("quantity", "must be at least 1");
        }
        if (reservations.containsKey(command.orderId())) {
            return true;
        }
        if (command.quantity() > available) {
            apply(new ProductStockReservationRejected(sku, command.orderId(), command.quantity(), available,
                    StockRejectionReason.OUT_OF_STOCK));
            return false;
        }
        apply(new ProductStockReserved(sku, command.orderId(), command.quantity()));
        return true;
    }

    /** @return whether anything was released (an order holding no reservation here changes nothing) */
    @CommandHandler
    boolean handle(ReleaseProductStock command) {
        Integer quantity = reservations.get(command.orderId());
        return applyIf(quantity != null, () -> new ProductStockReleased(sku, command.orderId(), quantity));
    }

    /** @return whether anything was shipped (an order holding no reservation here changes nothing) */
    @CommandHandler
    boolean handle(ShipProductStock command) {
        Integer quantity = reservations.get(command.orderId());
        return applyIf(quantity != null, () -> new ProductStockShipped(sku, command.orderId(), quantity));
    }

    /** Units that may be reserved. */
    long available() {
        return available;
    }

    /** Units held for orders that have neither released nor shipped them. */
    long reserved() {
        return reserved;
    }

    @EventSourcingHandler
    void on(ProductRegistered event, @SequenceNumber long sequenceNumber) {
        sku = event.sku();
        move(StockMovement.of(event));
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(ProductRestocked event, @SequenceNumber long sequenceNumber) {
        move(StockMovement.of(event));
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(ProductStockReserved event, @SequenceNumber long sequenceNumber) {
        move(StockMovement.of(event));
        reservations.put(event.orderId(), event.quantity());
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(ProductStockReservationRejected event, @SequenceNumber long sequenceNumber) {
        move(StockMovement.of(event));
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(ProductStockReleased event, @SequenceNumber long sequenceNumber) {
        move(StockMovement.of(event));
        reservations.remove(event.orderId());
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(ProductStockShipped event, @SequenceNumber long sequenceNumber) {
        move(StockMovement.of(event));
        reservations.remove(event.orderId());
        version = sequenceNumber;
    }

    /** Assigns the stock after one of its events; the rule itself is the kernel's, shared with fold and view. */
    private void move(StockMovement movement) {
        available += movement.available();
        reserved += movement.reserved();
    }
}
