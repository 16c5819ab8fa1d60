package io.annals.choreography.fulfilment;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The order-fulfilment workflow's timing.
 *
 * @param paymentTimeout        how long after the stock was reserved the payment may take; then the order is cancelled
 *                              with PAYMENT_TIMEOUT
 * @param shippingTimeout       how long after payment creating the shipment may take; then SHIPPING_FAILED (refunded)
 * @param providerRetryInterval how long the saga waits before calling a provider again whose circuit refused the call
 * @param refundAttempts        how often a refund is tried (every provider-retry-interval) before the order is
 *                              cancelled without it, logged as an error for an operator to refund by hand
 * @param handlerAttempts       how often a saga event is tried (its batch rolled back and handled again, for a
 *                              transient failure such as a lost append race) before it is parked for an operator's
 *                              retry, its order's later saga events behind it; the segment's other orders flow on
 * @param confirmationPriority  the batcher priority of confirmation emails
 * @param journalRetention      how long ended sagas stay listed in the admin API (at least 24 h)
 */
@Validated
@ConfigurationProperties("annals.fulfilment")
public record FulfilmentSettings(@NotNull @DefaultValue("30s") Duration paymentTimeout,
                                 @NotNull @DefaultValue("60s") Duration shippingTimeout,
                                 @NotNull @DefaultValue("2s") Duration providerRetryInterval,
                                 @Min(1) @DefaultValue("30") int refundAttempts,
                                 @Min(1) @DefaultValue("3") int handlerAttempts,
                                 @DefaultValue("0") int confirmationPriority,
                                 @NotNull @DefaultValue("7d") Duration journalRetention) {

    public FulfilmentSettings {
        if (journalRetention != null && journalRetention.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalArgumentException("annals.fulfilment.journal-retention must be at least 24h");
        }
    }
}
