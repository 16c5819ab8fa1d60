package io.annals.choreography.fulfilment;

import io.annals.choreography.circuit.RetrySettings;
import io.annals.choreography.provider.ProvidersProperties;

import java.time.Duration;

/**
 * An upper bound on the time one event of the order workflow can spend calling providers, from their configured
 * timeouts and retries: the claim of the segment that handles it must outlast this.
 *
 * <p>The saga itself no longer calls providers; each provider step ({@code choreography.step}) makes one call per
 * event. The bound kept here is the earlier saga's three calls in a row (charge, shipment, refund), which still covers
 * any one step's call, so the claim-timeout check of the saga instance stays on the safe side.
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
