package io.annals.choreography.provider;

import java.util.List;

/** The notification provider, behind its circuit breaker and retry. Idempotent per {@code batchId}. */
public interface NotificationGateway {

    /** The provider's name, also its circuit's name. */
    String NAME = "notification";

    /**
     * Sends every confirmation of one batch in one call.
     *
     * @throws ProviderUnavailableException the circuit refused the call: nothing was sent
     * @throws ProviderFailedException      the provider refused, or kept failing after the retries
     */
    void sendConfirmations(String batchId, List<Confirmation> confirmations);
}
