package io.annals.choreography.batch;

import java.util.Set;

/**
 * A durable batch queue in PostgreSQL. Items wait in a table until their type's processor takes them in a batch:
 * when {@code min-batch-size} items are pending or the oldest has waited {@code max-wait}, at most
 * {@code max-batch-size} at a time, highest priority first, one batch per tag group. Nothing added in a committed
 * transaction is lost: claims survive crashes (they return after a timeout), several instances share the work, and
 * a failing batch is retried with backoff and then parked, visible in the admin API.
 */
public interface DurableBatcher {

    /**
     * Enqueues one item; joins the caller's transaction when there is one, so the item exists exactly when the
     * caller's work committed.
     *
     * @param payload  the item, as JSON text
     * @param priority higher first
     * @param tags     items with the same tag set form their own batches; empty for none
     * @return the item's id
     */
    long add(String type, String payload, int priority, Set<String> tags);

    /** Registers the one processor of a type; items of a type without a processor wait. */
    void registerProcessor(String type, BatchProcessor processor);
}
