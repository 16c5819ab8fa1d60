package io.annals.command.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import io.annals.kernel.product.ProductStockReleased;
import io.annals.kernel.product.ProductStockReservationRejected;
import io.annals.kernel.product.ProductStockReserved;
import io.annals.kernel.product.ProductStockShipped;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.function.Function;

/**
 * Events stored under a class name that has since been renamed (issue 18: an event names its owner) read as the
 * renamed class, at the same revision and with the same payload: the stored history is never rewritten. The table
 * below is the one place that knows the old names; a renamed event gets a row here, never a class of its own.
 *
 * <p>Runs first in the chain so that every later upcaster (a revision upcaster of a renamed event) sees only current
 * names.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RenamedEventsUpcaster extends SingleEventUpcaster {

    /** Fully-qualified name an event was stored under → the class it is now. */
    static final Map<String, Class<?>> RENAMED = Map.of(
            "io.annals.kernel.product.StockReserved", ProductStockReserved.class,
            "io.annals.kernel.product.StockReservationRejected", ProductStockReservationRejected.class,
            "io.annals.kernel.product.StockReleased", ProductStockReleased.class,
            "io.annals.kernel.product.StockShipped", ProductStockShipped.class);

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return RENAMED.containsKey(representation.getType().getName());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        Class<?> renamed = RENAMED.get(representation.getType().getName());
        SimpleSerializedType type = new SimpleSerializedType(renamed.getTypeName(),
                representation.getType().getRevision());
        return representation.upcastPayload(type, JsonNode.class, Function.identity());
    }
}
