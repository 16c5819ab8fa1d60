package io.annals.choreography.fulfilment;

import io.annals.choreography.batch.Batch;
import io.annals.choreography.batch.BatchItem;
import io.annals.choreography.batch.DurableBatcher;
import io.annals.choreography.provider.Confirmation;
import io.annals.choreography.provider.NotificationGateway;
import io.annals.kernel.MessageLineage;
import io.annals.kernel.order.CompleteOrder;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Order confirmation emails through the durable batcher: the saga enqueues one per shipped order (in its own
 * transaction), the batcher hands them over in batches, one notification call sends a batch, and every order in a
 * delivered batch is completed. A batch delivered twice (a crash after sending) completes nothing twice:
 * {@link CompleteOrder} is a no-op on a completed order, and the provider deduplicates by batch id.
 */
@Component
@InstanceRole(Role.SAGA)
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

    /** A queued confirmation, with the correlation id of the request that placed the order. */
    record Queued(Confirmation confirmation, String correlationId) {
    }

    /**
     * Enqueues the confirmation of a shipped order; joins the caller's transaction.
     *
     * @param correlationId the order's correlation id, carried on to the completion so it links back to the
     *                      PlaceOrder request like every other step; {@code null} for none
     */
    public void enqueue(Confirmation confirmation, int priority, String correlationId) {
        batcher.add(BATCH_TYPE, JSON.writeValueAsString(new Queued(confirmation, correlationId)), priority, Set.of());
    }

    private void deliver(Batch batch) {
        List<Queued> queued = batch.items().stream()
                .map(BatchItem::payload)
                .map(payload -> JSON.readValue(payload, Queued.class))
                .toList();
        notifications.sendConfirmations(batch.batchId(), queued.stream().map(Queued::confirmation).toList());
        for (Queued item : queued) {
            CompleteOrder complete = new CompleteOrder(item.confirmation().orderId(), batch.batchId());
            CommandMessage<CompleteOrder> completion = GenericCommandMessage.asCommandMessage(complete);
            commandGateway.sendAndWait(item.correlationId() == null ? completion
                    : completion.andMetaData(Map.of(MessageLineage.CORRELATION_ID, item.correlationId())));
        }
    }
}
