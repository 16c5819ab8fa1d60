package io.annals.choreography.step;

import io.annals.choreography.circuit.RetrySettings;
import io.annals.choreography.provider.ProvidersProperties;

import java.time.Duration;
import java.util.Map;

/**
 * An upper bound on the time one event of a provider step's processor can spend calling its provider, from the
 * provider's configured timeouts and retries: the claim of the segment that handles a batch of them must outlast
 * the batch. Each step makes at most one call per event (a charge or a refund, a shipment); the saga and the
 * confirmation step call none.
 */
public final class LongestHandling {

    private LongestHandling() {
    }

    /** The longest call one event may make, by the processing group of the step that makes it. */
    public static Map<String, Duration> perStepEvent(ProvidersProperties providers) {
        return Map.of(PaymentStep.PROCESSING_GROUP, ofCall(providers.payment()),
                ShippingStep.PROCESSING_GROUP, ofCall(providers.shipping()));
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
