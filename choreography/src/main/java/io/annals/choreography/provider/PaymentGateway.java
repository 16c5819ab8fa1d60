package io.annals.choreography.provider;

import io.annals.kernel.Money;

/**
 * The payment provider, behind its circuit breaker and retry. Calls are idempotent per {@code paymentId}: a repeat
 * returns the first answer and never charges twice.
 */
public interface PaymentGateway {

    /** The provider's name, also its circuit's name. */
    String NAME = "payment";

    /**
     * @throws ProviderUnavailableException the circuit refused the call: nothing was attempted, try again later
     * @throws ProviderFailedException      the provider declined, or kept failing after the retries
     */
    PaymentReceipt charge(String paymentId, String orderId, Money amount);

    /** Gives a taken payment back; refunding a payment that was never taken is a no-op at the provider. */
    void refund(String paymentId, Money amount);
}
