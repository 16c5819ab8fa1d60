package io.annals.choreography.provider;

import io.annals.kernel.Money;

/** {@link PaymentGateway} over {@link ProviderWire}; the idempotency key is the payment id. */
final class HttpPaymentGateway implements PaymentGateway {

    private static final String REFUND_KEY_PREFIX = "refund-";

    private final ProviderClient client;

    HttpPaymentGateway(ProviderClient client) {
        this.client = client;
    }

    @Override
    public PaymentReceipt charge(String paymentId, String orderId, Money amount) {
        ProviderWire.ChargeAnswer answer = client.post(ProviderWire.CHARGES, paymentId,
                new ProviderWire.ChargeRequest(paymentId, orderId, ProviderWire.Amount.of(amount)),
                ProviderWire.ChargeAnswer.class);
        if (answer == null || answer.providerReference() == null) {
            throw new ProviderFailedException(NAME, "answered a charge without a provider reference", null);
        }
        return new PaymentReceipt(answer.providerReference());
    }

    @Override
    public void refund(String paymentId, Money amount) {
        client.post(ProviderWire.REFUNDS, REFUND_KEY_PREFIX + paymentId,
                new ProviderWire.RefundRequest(paymentId, ProviderWire.Amount.of(amount)),
                ProviderWire.RefundAnswer.class);
    }
}
