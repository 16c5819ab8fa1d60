package io.annals.choreography.batch;

import io.annals.choreography.batch.BatcherProperties.TypeSettings;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One node's part in delivering batches, pass by pass: claims a due batch of a type, hands it to the type's processor,
 * then deletes it or records the failure; keeps the claims of its batches in flight fresh and returns claims whose
 * node is gone. The threads that call it are {@link JdbcDurableBatcher}'s; the SQL is in {@link BatchQueue}.
 */
final class BatchDelivery {

    private static final Logger log = LoggerFactory.getLogger(BatchDelivery.class);

    private final BatchQueue queue;
    private final BatcherProperties properties;
    private final BatcherMetrics metrics;
    private final String owner;
    private final ObservationRegistry observations;
    private final BatchTracing tracing;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    BatchDelivery(BatchQueue queue, BatcherProperties properties, BatcherMetrics metrics, String owner,
                  ObservationRegistry observations, BatchTracing tracing) {
        this.queue = queue;
        this.properties = properties;
        this.metrics = metrics;
        this.owner = owner;
        this.observations = observations;
        this.tracing = tracing;
    }

    /** Claims, processes and settles one due batch of the type; {@code false} when none was due. */
    boolean deliverNext(String type, BatchProcessor processor) {
        TypeSettings settings = properties.forType(type);
        Optional<Batch> claimed = claim(type, settings);
        if (claimed.isEmpty()) {
            return false;
        }
        Batch batch = claimed.get();
        Exception failure = null;
        inFlight.add(batch.batchId());
        Observation processing;
        try (BatchTracing.Scope queuedIn = tracing.resume(batch.items().get(0).traceParent())) {
            processing = processing(batch).start(); // a child of the span that queued the batch's first item
        }
        try (Observation.Scope ignored = processing.openScope()) {
            processor.process(batch);
        } catch (Exception e) {
            processing.error(e);
            failure = e;
        } finally {
            processing.stop();
            inFlight.remove(batch.batchId());
        }
        if (failure != null) {
            failed(batch, settings, failure);
            return true;
        }
        int deleted = queue.delivered(batch, owner);
        if (deleted < batch.items().size()) {
            log.warn("batch {} of type {} was delivered after its claim expired; {} of its {} items were taken over "
                    + "and will be delivered again", batch.batchId(), type, batch.items().size() - deleted,
                    batch.items().size());
        }
        metrics.delivered(type, batch.items().size());
        return true;
    }

    /**
     * One processor call on one batch, as an observation: with tracing on, a span of its own (the processor's calls,
     * e.g. the notification provider's, are its children), named after the type, with the batch's id and size.
     */
    private Observation processing(Batch batch) {
        return Observation.createNotStarted("annals.batcher.batch", observations)
                .contextualName(batch.type() + " batch")
                .lowCardinalityKeyValue("type", batch.type())
                .highCardinalityKeyValue("batch.id", batch.batchId())
                .highCardinalityKeyValue("batch.size", Integer.toString(batch.items().size()));
    }

    private Optional<Batch> claim(String type, TypeSettings settings) {
        for (String[] tagGroup : queue.dueGroups(type, settings)) {
            Optional<Batch> batch = queue.claim(type, tagGroup, settings, owner);
            if (batch.isPresent()) {
                return batch;
            }
        }
        return Optional.empty();
    }

    private void failed(Batch batch, TypeSettings settings, Exception cause) {
        metrics.failed(batch.type());
        int parked = queue.failed(batch, owner, settings, cause);
        if (parked > 0) {
            log.error("batch {} of type {} failed ({}); {} of its {} items reached {} attempts and are parked",
                    batch.batchId(), batch.type(), cause.toString(), parked, batch.items().size(),
                    settings.maxAttempts());
        } else {
            log.warn("batch {} of type {} failed, its {} items will be retried: {}", batch.batchId(), batch.type(),
                    batch.items().size(), cause.toString());
        }
    }

    /** Renews this node's claims on the batches its processors are working on. */
    void refreshClaimsInFlight() {
        if (!inFlight.isEmpty()) {
            queue.refreshClaims(owner, Set.copyOf(inFlight));
        }
    }

    /** Returns the items of these types whose node's claim expired to the queue; {@code onReturned} after each type. */
    void returnExpiredClaims(Collection<String> types, Runnable onReturned) {
        for (String type : List.copyOf(types)) {
            int returned = queue.returnExpiredClaims(type, properties.forType(type));
            if (returned > 0) {
                log.warn("{} items of type {} returned to the queue: their node's claim expired", returned, type);
                onReturned.run();
            }
        }
    }
}
