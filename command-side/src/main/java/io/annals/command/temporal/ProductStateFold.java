package io.annals.command.temporal;

import io.annals.kernel.Money;
import io.annals.kernel.product.ProductRegistered;
import io.annals.kernel.product.ProductRestocked;
import io.annals.kernel.product.StockReleased;
import io.annals.kernel.product.StockReserved;
import io.annals.kernel.product.StockShipped;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a product's state (shaped like {@code GET /api/products/{sku}}) from its events: restocks add to
 * {@code available}, reservations move units to {@code reserved}, releases move them back, shipments take them out.
 * A rejected reservation changes only the version.
 */
@Component
class ProductStateFold implements EntityFold<ProductStateFold.ProductState> {

    record ProductState(String sku, String name, Money price, long available, long reserved, long version) {

        ProductState next(long availableChange, long reservedChange, long newVersion) {
            return new ProductState(sku, name, price, available + availableChange, reserved + reservedChange,
                    newVersion);
        }
    }

    @Override
    public String kind() {
        return "products";
    }

    @Override
    public String aggregateType() {
        return "Product";
    }

    @Override
    public ProductState start(DomainEventMessage<?> creation) {
        ProductRegistered registered = (ProductRegistered) creation.getPayload();
        return new ProductState(registered.sku(), registered.name(), registered.price(), registered.initialStock(), 0,
                creation.getSequenceNumber());
    }

    @Override
    public ProductState apply(ProductState state, DomainEventMessage<?> event) {
        long version = event.getSequenceNumber();
        Object payload = event.getPayload();
        if (payload instanceof ProductRestocked restocked) {
            return state.next(restocked.quantity(), 0, version);
        }
        if (payload instanceof StockReserved reservation) {
            return state.next(-reservation.quantity(), reservation.quantity(), version);
        }
        if (payload instanceof StockReleased release) {
            return state.next(release.quantity(), -release.quantity(), version);
        }
        if (payload instanceof StockShipped shipment) {
            return state.next(0, -shipment.quantity(), version);
        }
        return state.next(0, 0, version);
    }

    @Override
    public Object view(ProductState state) {
        return state;
    }
}
