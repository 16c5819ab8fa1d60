package io.annals.choreography.step;

import io.annals.choreography.fulfilment.FulfilmentSettings;
import io.annals.choreography.fulfilment.OrderConfirmations;
import io.annals.choreography.provider.Confirmation;
import io.annals.kernel.MessageLineage;
import io.annals.kernel.order.ConfirmationRequested;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.stereotype.Component;

/**
 * The confirmation step: queues the customer's confirmation of a shipped order in the durable batcher, in the same
 * transaction as this processor's token, so it is queued exactly once. The batcher sends confirmations in batches and
 * completes their orders. Shares the shipping step's processor: it follows the shipment and calls no provider itself.
 */
@Component
@ProcessingGroup(ShippingStep.PROCESSING_GROUP)
@InstanceRole(Role.SAGA)
class ConfirmationStep {

    private final OrderConfirmations confirmations;
    private final FulfilmentSettings settings;

    ConfirmationStep(OrderConfirmations confirmations, FulfilmentSettings settings) {
        this.confirmations = confirmations;
        this.settings = settings;
    }

    /** The PlaceOrder request's correlation id travels on with the batch, so the completion links back to it. */
    @EventHandler
    void on(ConfirmationRequested request, @MetaDataValue(MessageLineage.CORRELATION_ID) String correlationId) {
        confirmations.enqueue(new Confirmation(request.orderId(), request.customerEmail(), request.trackingNumber()),
                settings.confirmationPriority(), correlationId);
    }
}
