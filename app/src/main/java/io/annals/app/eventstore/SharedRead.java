package io.annals.app.eventstore;

import org.axonframework.eventhandling.TrackedEventMessage;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A read of the events after one position, started after signal {@code signalsBefore}; done or under way, and
 * other streams at that position may take it.
 */
record SharedRead(long signalsBefore, CompletableFuture<List<TrackedEventMessage<?>>> events) {

    /** The events, once the read is done; a failed read's exception. */
    List<TrackedEventMessage<?>> awaitEvents() {
        try {
            return events.join();
        } catch (CompletionException failure) {
            throw failure.getCause() instanceof RuntimeException cause ? cause : failure;
        }
    }

    /** Whether a reader that saw signal {@code signalsSeen} may take this read's events as its own. */
    boolean serves(long signalsSeen) {
        return signalsBefore >= signalsSeen
                || events.isDone() && !events.isCompletedExceptionally() && !events.join().isEmpty();
    }
}
