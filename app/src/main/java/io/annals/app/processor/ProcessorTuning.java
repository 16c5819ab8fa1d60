package io.annals.app.processor;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Set;

/**
 * Token-store and processor tuning (the event store's share of {@code annals.axon} is
 * {@link io.annals.app.eventstore.EventStoreTuning}).
 *
 * @param tokenClaimTimeout       after this, a segment claimed by a silent node may be taken over; a saga instance
 *                                refuses to start unless it is longer than a provider step's batch of provider calls
 *                                (with the defaults: batches of 3 calls of 3 attempts of 2 s + 5 s, and 5 s between
 *                                claim renewals, 68.7 s; see {@link StepClaimTimeoutCheck})
 * @param asyncCommitGroups       processing groups whose transactions commit without waiting for the WAL flush
 *                                and take the switch lock of a blue/green rebuild (read-model projections
 *                                only: see {@link ProjectionTransactionManager})
 */
@ConfigurationProperties("annals.axon")
public record ProcessorTuning(@DefaultValue("75s") Duration tokenClaimTimeout,
                              @DefaultValue({"products", "customers", "orders", "intake"}) Set<String> asyncCommitGroups) {
}
