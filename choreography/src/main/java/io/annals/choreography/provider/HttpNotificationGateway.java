package io.annals.choreography.provider;

import java.util.List;

/** {@link NotificationGateway} over {@link ProviderWire}; the idempotency key is the batch id. */
final class HttpNotificationGateway implements NotificationGateway {

    private final ProviderClient client;

    HttpNotificationGateway(ProviderClient client) {
        this.client = client;
    }

    @Override
    public void sendConfirmations(String batchId, List<Confirmation> confirmations) {
        client.post(ProviderWire.BATCHES, batchId, new ProviderWire.BatchRequest(batchId, confirmations),
                ProviderWire.BatchAnswer.class);
    }
}
