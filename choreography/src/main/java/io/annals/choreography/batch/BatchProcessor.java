package io.annals.choreography.batch;

/** Processes one batch. Throwing fails the whole batch: it is retried with backoff, then parked. */
@FunctionalInterface
public interface BatchProcessor {

    void process(Batch batch) throws Exception;
}
