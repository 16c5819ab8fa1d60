package io.annals.app.axon;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Set;

/**
 * Event-store and token-store tuning.
 *
 * @param eventReadBatchSize      rows per query when reading an aggregate's or the global stream
 * @param eventStoreFetchDelay    how long an idle stream waits before polling again; local appends wake it at once
 * @param eventStoreCachedEvents  events kept in memory for streaming processors that are at the head
 * @param tokenClaimTimeout       after this, a segment claimed by a silent node may be taken over; a saga instance
 *                                refuses to start unless it is longer than a fulfilment batch's provider calls (with
 *                                the default providers: 3 calls of 3 attempts of 2 s + 5 s, and 5 s between claim
 *                                renewals, 68.7 s; see {@link SagaClaimTimeoutCheck})
 * @param asyncCommitGroups       processing groups whose transactions commit without waiting for the WAL flush
 *                                (read-model projections only: see {@link AsyncCommitTransactionManager})
 * @param maxEventsInFlight       events a processor's stream hands out ahead of its slowest segment (below Axon's
 *                                1,024 per work package: see {@link CommitSignallingEventSource})
 */
@ConfigurationProperties("annals.axon")
public record AxonTuning(@DefaultValue("500") int eventReadBatchSize,
                         @DefaultValue("100ms") Duration eventStoreFetchDelay,
                         @DefaultValue("10000") int eventStoreCachedEvents,
                         @DefaultValue("75s") Duration tokenClaimTimeout,
                         @DefaultValue({"products", "customers", "orders"}) Set<String> asyncCommitGroups,
                         @DefaultValue("768") int maxEventsInFlight) {
}
