package io.annals.app.processor;

import io.annals.app.role.Roles;
import io.annals.choreography.fulfilment.LongestHandling;
import io.annals.choreography.fulfilment.OrderFulfilmentSaga;
import io.annals.choreography.provider.ProvidersProperties;
import io.annals.kernel.role.Role;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Locale;

/**
 * Refuses to start a saga instance whose {@code annals.axon.token-claim-timeout} a fulfilment batch could outlast.
 * The saga calls the providers inside its transaction, while its processor holds the segment of the order; should the
 * claim expire meanwhile, another instance could take the segment over and run the same step a second time.
 *
 * <p>The claim must outlast, without any renewal, the provider calls of a whole batch ({@code batch-size} events, each
 * up to {@link LongestHandling}) plus Axon's claim-extension threshold (a claim may be that old when a batch starts).
 * The coordinator also renews the claims of busy segments (see {@link ProcessorConfiguration}), which covers the
 * batch's database work; this rule does not rely on it.
 */
@Component
class SagaClaimTimeoutCheck {

    /** {@code PooledStreamingEventProcessor}'s default claim-extension threshold, which Annals keeps. */
    static final Duration CLAIM_EXTENSION_THRESHOLD = Duration.ofSeconds(5);

    SagaClaimTimeoutCheck(ProcessorTuning tuning, ProvidersProperties providers, EventProcessorProperties processors,
                          Roles roles) {
        if (roles.runs(Role.SAGA)) {
            check(tuning.tokenClaimTimeout(), providers, batchSize(processors));
        }
    }

    /** @throws IllegalStateException naming the property when {@code claimTimeout} is not longer than needed */
    static void check(Duration claimTimeout, ProvidersProperties providers, int batchSize) {
        Duration handling = LongestHandling.of(providers);
        Duration required = handling.multipliedBy(batchSize).plus(CLAIM_EXTENSION_THRESHOLD);
        if (claimTimeout.compareTo(required) <= 0) {
            throw new IllegalStateException("annals.axon.token-claim-timeout (" + seconds(claimTimeout)
                    + ") must be longer than " + seconds(required) + ": a batch of the fulfilment saga (" + batchSize
                    + " event(s), axon.eventhandling.processors." + OrderFulfilmentSaga.PROCESSING_GROUP
                    + ".batch-size) may call providers for " + seconds(handling) + " per event (payment, shipment "
                    + "and refund, each retried to its last attempt: annals.providers.*), plus "
                    + seconds(CLAIM_EXTENSION_THRESHOLD) + " between claim renewals; with a shorter claim another "
                    + "instance may take the segment over and run the same step again. Raise the claim timeout or "
                    + "lower the providers' timeouts and retries.");
        }
    }

    private static int batchSize(EventProcessorProperties processors) {
        EventProcessorProperties.ProcessorSettings fulfilment =
                processors.getProcessors().get(OrderFulfilmentSaga.PROCESSING_GROUP);
        return fulfilment == null ? 1 : fulfilment.getBatchSize();
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.3f s", duration.toMillis() / 1000.0);
    }
}
