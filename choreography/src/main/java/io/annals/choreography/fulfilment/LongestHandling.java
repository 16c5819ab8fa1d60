package io.annals.choreography.fulfilment;

import io.annals.choreography.circuit.RetrySettings;
import io.annals.choreography.provider.ProvidersProperties;

import java.time.Duration;

/**
 * The longest time one fulfilment saga event can spend calling providers, from their configured timeouts and retries:
 * the saga calls them inside its transaction, while its processor holds the order's segment claim, so the claim must
 * outlast this.
 *
 * <p>The most one handling calls is three providers in a row: {@link OrderFulfilmentSaga}'s stock-reserved handler (and
 * its payment retry) charges the payment, creates the shipment, and when the shipment fails refunds the payment. Keep
 * {@link #of} in step with the saga when it calls providers differently.
 */
public final class LongestHandling {

    private LongestHandling() {
    }

    /** Charge, shipment, refund: see the class comment. */
    public static Duration of(ProvidersProperties providers) {
        return ofCall(providers.payment()).multipliedBy(2).plus(ofCall(providers.shipping()));
    }

    /**
     * One provider call when every attempt runs into its timeouts: each attempt may take the connect timeout plus the
     * read timeout (Spring's JDK request factory bounds the whole answer, headers and body, by the read timeout), and
     * before each further attempt Resilience4j waits its exponential backoff, randomized upwards by at most
     * {@code randomization} (plus the 1 ms its rounding can add) and capped at {@code max-backoff}.
     */
    static Duration ofCall(ProvidersProperties.Provider provider) {
        RetrySettings retry = provider.retry();
        Duration attempt = provider.connectTimeout().plus(provider.readTimeout());
        Duration longest = attempt.multipliedBy(retry.maxAttempts());
        double nominalMillis = retry.initialBackoff().toMillis();
        for (int wait = 1; wait < retry.maxAttempts(); wait++) {
            long randomizedMillis = (long) Math.ceil(nominalMillis * (1 + retry.randomization())) + 1;
            longest = longest.plusMillis(Math.min(randomizedMillis, retry.maxBackoff().toMillis()));
            nominalMillis *= retry.multiplier();
        }
        return longest;
    }
}
