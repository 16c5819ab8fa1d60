package io.annals.kernel.product;

/**
 * The one rule of how a product's stock events move its {@code available} and {@code reserved} units, used alike by
 * the product aggregate, its temporal fold and its read model — which apply the same movement to different state
 * (fields, an immutable snapshot, a batched SQL delta).
 *
 * <p>A registration brings the initial stock as available; a restock adds to available; a reservation moves units
 * from available to reserved, a release moves them back; a shipment takes reserved units out of the stock; a rejected
 * reservation moves nothing. So {@code available + reserved} always equals the initial stock plus restocks minus
 * shipped units.
 *
 * @param available the change of the available units
 * @param reserved  the change of the reserved units
 */
public record StockMovement(long available, long reserved) {

    /** No change of stock. */
    public static final StockMovement NONE = new StockMovement(0, 0);

    public static StockMovement of(ProductRegistered event) {
        return new StockMovement(event.initialStock(), 0);
    }

    public static StockMovement of(ProductRestocked event) {
        return new StockMovement(event.quantity(), 0);
    }

    public static StockMovement of(ProductStockReserved event) {
        return new StockMovement(-event.quantity(), event.quantity());
    }

    public static StockMovement of(ProductStockReservationRejected event) {
        return NONE;
    }

    public static StockMovement of(ProductStockReleased event) {
        return new StockMovement(event.quantity(), -event.quantity());
    }

    public static StockMovement of(ProductStockShipped event) {
        return new StockMovement(0, -event.quantity());
    }

    /** This movement followed by {@code next}: how a batch of events moves the stock together. */
    public StockMovement plus(StockMovement next) {
        return new StockMovement(available + next.available, reserved + next.reserved);
    }
}
