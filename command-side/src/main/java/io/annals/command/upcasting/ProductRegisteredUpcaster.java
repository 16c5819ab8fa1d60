package io.annals.command.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.annals.kernel.product.ProductRegistered;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.springframework.stereotype.Component;

/**
 * {@code ProductRegistered} revision 1 (the first release) had no price; revision 2 requires one. Old events get
 * {@value #DEFAULT_AMOUNT} {@value #DEFAULT_CURRENCY}, the price the first release implied for every product.
 */
@Component
class ProductRegisteredUpcaster extends SingleEventUpcaster {

    static final String DEFAULT_AMOUNT = "0.00";
    static final String DEFAULT_CURRENCY = "EUR";
    private static final SimpleSerializedType REVISION_1 =
            new SimpleSerializedType(ProductRegistered.class.getTypeName(), "1");
    private static final SimpleSerializedType REVISION_2 =
            new SimpleSerializedType(ProductRegistered.class.getTypeName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(REVISION_2, JsonNode.class, payload -> {
            ObjectNode event = (ObjectNode) payload;
            if (!event.hasNonNull("price")) {
                event.putObject("price").put("amount", DEFAULT_AMOUNT).put("currency", DEFAULT_CURRENCY);
            }
            return event;
        });
    }
}
