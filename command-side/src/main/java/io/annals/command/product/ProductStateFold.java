package io.annals.command.product;

import io.annals.command.history.EntityFold;
import io.annals.kernel.Money;
import io.annals.kernel.product.ProductRegistered;
import io.annals.kernel.product.ProductRestocked;
import org.axonframework.eventhandling.DomainEventMessage;
import org.springframework.stereotype.Component;

/** Rebuilds a product's state (shaped like {@code GET /api/products/{sku}}) from its events. */
@Component
class ProductStateFold implements EntityFold<ProductStateFold.ProductState> {

    record ProductState(String sku, String name, Money price, long available, long reserved, long version) {
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
        if (event.getPayload() instanceof ProductRestocked restocked) {
            return new ProductState(state.sku(), state.name(), state.price(), state.available() + restocked.quantity(),
                    state.reserved(), event.getSequenceNumber());
        }
        return new ProductState(state.sku(), state.name(), state.price(), state.available(), state.reserved(),
                event.getSequenceNumber());
    }

    @Override
    public Object view(ProductState state) {
        return state;
    }
}
