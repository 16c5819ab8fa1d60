package io.annals.app.processor;

import io.annals.app.role.Roles;
import io.annals.choreography.provider.ProvidersProperties;
import io.annals.choreography.step.LongestHandling;
import io.annals.kernel.role.Role;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Refuses to start a saga instance whose {@code annals.axon.token-claim-timeout} a provider step's batch could
 * outlast. A step calls its provider inside its processor's batch, while the processor holds the segment of the
 * order; should the claim expire meanwhile, another instance could take the segment over and make the same request
 * again (the provider answers a repeat of an idempotency key as the first time, but the step would run twice).
 *
 * <p>The claim must outlast, without any renewal, the provider calls of a whole batch ({@code batch-size} events, each
 * up to {@link LongestHandling}) plus Axon's claim-extension threshold (a claim may be that old when a batch starts).
 * The coordinator also renews the claims of busy segments (see {@link ProcessorConfiguration}), which covers the
 * batch's database work; this rule does not rely on it. The saga itself calls no provider and is not bound here.
 */
@Component
class StepClaimTimeoutCheck {

    /** {@code PooledStreamingEventProcessor}'s default claim-extension threshold, which Annals keeps. */
    static final Duration CLAIM_EXTENSION_THRESHOLD = Duration.ofSeconds(5);

    StepClaimTimeoutCheck(ProcessorTuning tuning, ProvidersProperties providers, EventProcessorProperties processors,
                          Roles roles) {
        if (roles.runs(Role.SAGA)) {
            check(tuning.tokenClaimTimeout(), providers, processors.getProcessors());
        }
    }

    /** @throws IllegalStateException naming the properties when {@code claimTimeout} is not longer than needed */
    static void check(Duration claimTimeout, ProvidersProperties providers,
                      Map<String, EventProcessorProperties.ProcessorSettings> processors) {
        new TreeMap<>(LongestHandling.perStepEvent(providers)).forEach((step, perEvent) -> {
            EventProcessorProperties.ProcessorSettings settings = processors.get(step);
            int batchSize = settings == null ? 1 : settings.getBatchSize();
            Duration required = perEvent.multipliedBy(batchSize).plus(CLAIM_EXTENSION_THRESHOLD);
            if (claimTimeout.compareTo(required) <= 0) {
                throw new IllegalStateException("annals.axon.token-claim-timeout (" + seconds(claimTimeout)
                        + ") must be longer than " + seconds(required) + ": a batch of the " + step + " processor ("
                        + batchSize + " event(s), axon.eventhandling.processors." + step + ".batch-size) may call "
                        + "its provider for " + seconds(perEvent) + " per event (every attempt to its timeouts, "
                        + "annals.providers.*), plus " + seconds(CLAIM_EXTENSION_THRESHOLD) + " between claim "
                        + "renewals; with a shorter claim another instance may take the segment over and run the same "
                        + "step again. Raise the claim timeout, lower the batch size or the provider's timeouts and "
                        + "retries.");
            }
        });
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f s", duration.toMillis() / 1000.0);
    }
}
