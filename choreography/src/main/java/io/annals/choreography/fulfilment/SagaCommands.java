package io.annals.choreography.fulfilment;

import io.annals.kernel.LockOrder;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * How the saga sends a command: not awaited (the outcome comes back as events), and not at once. The commands one
 * transaction of the saga sends (a batch of its processor, or a deadline) are held until its last message is handled
 * ({@link #dispatchAtBatchEnd()}; a deadline's, as the transaction prepares to commit), then dispatched in ascending
 * order of their target aggregate's identifier ({@link LockOrder}); the sort is stable, so an
 * aggregate's commands keep the order they were sent in, and commands to no aggregate go first. Every such
 * transaction so takes its aggregates' locks in one global order: two batches that share products never wait for
 * each other in a cycle, and no lock is held while the rest of a batch is handled.
 *
 * <p>A command that fails (the local command bus handles it on the dispatching thread) fails the transaction, so the
 * whole batch is rolled back and tried again; the failure counts against the event whose handling sent the command
 * ({@link ParkFailingEvents}), which is parked once it has failed too often, instead of the saga waiting for an
 * answer that will never come.
 *
 * <p>Written by hand because Axon's gateway dispatches at once and either waits for the result or drops the failure.
 */
final class SagaCommands {

    /** Told which message's handling sent a command that failed. */
    @FunctionalInterface
    interface FailureListener {
        void failed(String messageIdentifier, Throwable cause);
    }

    private static final String HELD = SagaCommands.class.getName() + ".held";
    private static final String FAILURES = SagaCommands.class.getName() + ".failureListener";
    private static final Comparator<Held> LOCK_ORDER = LockOrder.by(Held::target);

    private record Held(CommandGateway gateway, Object command, String target, String sentBy) {
    }

    private SagaCommands() {
    }

    static void send(CommandGateway gateway, Object command) {
        if (!CurrentUnitOfWork.isStarted()) {
            dispatch(gateway, command);
            return;
        }
        UnitOfWork<?> current = CurrentUnitOfWork.get();
        List<Held> held = current.root().getOrComputeResource(HELD, key -> holdUntilCommit(current.root()));
        held.add(new Held(gateway, command, LockOrder.target(command), current.getMessage().getIdentifier()));
    }

    /**
     * The processor's interceptor that dispatches a batch's held commands once its last event is handled: before the
     * batch prepares to commit, where the processor's token update would hold the token's row while the commands wait
     * for their aggregates, keeping the coordinator from renewing the segment's claim. Registered outermost, so it
     * runs also for an event that is parked instead of handled.
     */
    static MessageHandlerInterceptor<EventMessage<?>> dispatchAtBatchEnd() {
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            if (unitOfWork instanceof BatchingUnitOfWork<?> batch && batch.isLastMessage()) {
                List<Held> held = unitOfWork.root().getResource(HELD);
                if (held != null) {
                    dispatchInLockOrder(held, unitOfWork);
                }
            }
            return result;
        };
    }

    /** {@code listener} hears of the failing commands of {@code unitOfWork}'s transaction. */
    static void reportFailures(UnitOfWork<?> unitOfWork, FailureListener listener) {
        unitOfWork.root().resources().putIfAbsent(FAILURES, listener);
    }

    private static List<Held> holdUntilCommit(UnitOfWork<?> root) {
        List<Held> held = new ArrayList<>();
        root.onPrepareCommit(unitOfWork -> dispatchInLockOrder(held, unitOfWork));
        return held;
    }

    /** Dispatches and forgets the held commands (none are left when the batch's interceptor dispatched them). */
    private static void dispatchInLockOrder(List<Held> held, UnitOfWork<?> unitOfWork) {
        held.sort(LOCK_ORDER);
        List<Held> sending = List.copyOf(held);
        held.clear();
        for (Held next : sending) {
            try {
                dispatch(next.gateway(), next.command());
            } catch (RuntimeException failure) {
                FailureListener listener = unitOfWork.root().getResource(FAILURES);
                if (listener != null) {
                    listener.failed(next.sentBy(), failure);
                }
                throw failure;
            }
        }
    }

    private static void dispatch(CommandGateway gateway, Object command) {
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
