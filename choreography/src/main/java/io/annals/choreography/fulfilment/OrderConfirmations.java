package io.annals.choreography.fulfilment;

import io.annals.choreography.batch.Batch;
import io.annals.choreography.batch.BatchItem;
import io.annals.choreography.batch.DurableBatcher;
import io.annals.choreography.provider.Confirmation;
import io.annals.choreography.provider.NotificationGateway;
import io.annals.kernel.order.CompleteOrder;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Set;

/**
 * Order confirmation emails through the durable batcher: the saga enqueues one per shipped order (in its own
 * transaction), the batcher hands them over in batches, one notification call sends a batch, and every order in a
 * delivered batch is completed. A batch delivered twice (a crash after sending) completes nothing twice:
 * {@link CompleteOrder} is a no-op on a completed order, and the provider deduplicates by batch id.
 */
@Component
public class OrderConfirmations {

    static final String BATCH_TYPE = "order-confirmation";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DurableBatcher batcher;
    private final NotificationGateway notifications;
    private final CommandGateway commandGateway;

    OrderConfirmations(DurableBatcher batcher, NotificationGateway notifications, CommandGateway commandGateway) {
        this.batcher = batcher;
        this.notifications = notifications;
        this.commandGateway = commandGateway;
        batcher.registerProcessor(BATCH_TYPE, this::deliver);
    }

    /** Enqueues the confirmation of a shipped order; joins the caller's transaction. */
    public void enqueue(Confirmation confirmation, int priority) {
        batcher.add(BATCH_TYPE, JSON.writeValueAsString(confirmation), priority, Set.of());
    }

    private void deliver(Batch batch) {
        List<Confirmation> confirmations = batch.items().stream()
                .map(BatchItem::payload)
                .map(payload -> JSON.readValue(payload, Confirmation.class))
                .toList();
        notifications.sendConfirmations(batch.batchId(), confirmations);
        for (Confirmation confirmation : confirmations) {
            commandGateway.sendAndWait(new CompleteOrder(confirmation.orderId(), batch.batchId()));
        }
    }
}
