package io.annals.choreography.batch;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Remembers every batch it was given, and when; fails while told to. */
class RecordingProcessor implements BatchProcessor {

    record Received(Batch batch, Instant at) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();

    /** Fails the next {@code count} batches. */
    RecordingProcessor failingFirst(int count) {
        failuresLeft.set(count);
        return this;
    }

    @Override
    public void process(Batch batch) {
        received.add(new Received(batch, Instant.now()));
        if (failuresLeft.getAndDecrement() > 0) {
            throw new IllegalStateException("provider down for batch " + batch.batchId());
        }
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    List<Batch> batches() {
        return received.stream().map(Received::batch).toList();
    }

    /** Payloads of every item received, in order, duplicates kept. */
    List<String> payloads() {
        return batches().stream().flatMap(batch -> batch.items().stream()).map(BatchItem::payload).toList();
    }
}
