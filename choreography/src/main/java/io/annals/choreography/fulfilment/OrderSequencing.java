package io.annals.choreography.fulfilment;

import io.annals.kernel.order.OrderScoped;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;

/**
 * Handles an order's events in order, whichever side recorded them: the order, its products, its payment and
 * shipment, or the payment side's requests (which are no aggregate's events). Axon's default sequences per aggregate
 * only, which would let an order's refund overtake its charge, or its cancellation its placement in the journal.
 */
public final class OrderSequencing {

    public static final SequencingPolicy<EventMessage<?>> BY_ORDER = event ->
            event.getPayload() instanceof OrderScoped scoped
                    ? scoped.orderId() : SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);

    private OrderSequencing() {
    }
}
