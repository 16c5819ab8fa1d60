package io.annals.choreography.fulfilment;

import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * How the saga sends a command: without waiting for its result (the outcome comes back as events). A command that has
 * already failed when {@code send} returns (the local command bus handles it on the sending thread) fails the saga's
 * handling, so the event is tried again and finally parked ({@link ParkFailingEvents}) instead of the saga waiting
 * for an answer that will never come. Written by hand because Axon's gateway either waits for the result or drops the
 * failure.
 */
final class SagaCommands {

    private SagaCommands() {
    }

    static void send(CommandGateway gateway, Object command) {
        CompletableFuture<Object> sent = gateway.send(command);
        if (sent != null && sent.isCompletedExceptionally()) {
            try {
                sent.join();
            } catch (CompletionException failed) {
                if (failed.getCause() instanceof RuntimeException cause) {
                    throw cause;
                }
                throw failed;
            }
        }
    }
}
