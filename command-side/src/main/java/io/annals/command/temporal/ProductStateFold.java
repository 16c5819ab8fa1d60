package io.annals.command.temporal;

import io.annals.command.AggregateTypes;
import io.annals.kernel.Money;
import io.annals.kernel.product.ProductRegistered;
import io.annals.kernel.product.ProductRestocked;
import io.annals.kernel.product.ProductStockReleased;
import io.annals.kernel.product.ProductStockReserved;
import io.annals.kernel.product.ProductStockShipped;
import io.annals.kernel.product.StockMovement;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.stereotype.Component;

/**
 * Rebuilds a product's state (shaped like {@code GET /api/products/{sku}}) from its events; each event moves the
 * stock as the kernel's {@link StockMovement} says, and every event moves the version.
 */
@Component
class ProductStateFold implements EntityFold<ProductStateFold.ProductState> {

    record ProductState(String sku, String name, Money price, long available, long reserved, long version) {

        ProductState next(StockMovement movement, long newVersion) {
            return new ProductState(sku, name, price, available + movement.available(),
                    reserved + movement.reserved(), newVersion);
        }
    }

    @Override
    public String kind() {
        return "products";
    }

    @Override
    public String aggregateType() {
        return AggregateTypes.PRODUCT;
    }

    @Override
    public ProductState start(DomainEventMessage<?> creation) {
        ProductRegistered registered = (ProductRegistered) creation.getPayload();
        StockMovement initial = StockMovement.of(registered);
        return new ProductState(registered.sku(), registered.name(), registered.price(), initial.available(),
                initial.reserved(), creation.getSequenceNumber());
    }

    @Override
    public ProductState apply(ProductState state, DomainEventMessage<?> event) {
        return state.next(movementOf(event.getPayload()), event.getSequenceNumber());
    }

    private static StockMovement movementOf(Object payload) {
        if (payload instanceof ProductRestocked restocked) {
            return StockMovement.of(restocked);
        }
        if (payload instanceof ProductStockReserved reservation) {
            return StockMovement.of(reservation);
        }
        if (payload instanceof ProductStockReleased release) {
            return StockMovement.of(release);
        }
        if (payload instanceof ProductStockShipped shipment) {
            return StockMovement.of(shipment);
        }
        return StockMovement.NONE; // a rejected reservation moves only the version
    }

    @Override
    public Object view(ProductState state) {
        return state;
    }
}
