package io.annals.choreography.fulfilment;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the fulfilment processor does with a saga event whose handling fails, since Axon's dead-letter queues do not
 * cover sagas: nothing is ever skipped.
 *
 * <ul>
 *   <li>A failure propagates: the processor rolls the whole batch back (the saga's state, the commands it sent) and
 *   handles it again after a back-off, which cures a transient failure such as a lost append race. A command the
 *   saga sent fails only as the batch commits ({@link SagaCommands}); it counts against the event that sent it.</li>
 *   <li>Once the event has failed {@code maxAttempts} times on this node, its next delivery parks it, unhandled, in
 *   {@link FulfilmentDeadLetters} instead: in the batch's transaction, so the token moves past the event only together
 *   with its parked row, and the rest of the segment flows on. If the database is down, parking fails too and the
 *   batch is simply tried again later.</li>
 *   <li>While an order has a parked event, its later saga events are parked behind it, unhandled, so a retry hands the
 *   saga that order's events in their order.</li>
 * </ul>
 *
 * <p>Every segment of the processor sees every saga event (Axon routes saga events by the saga's identifier, inside
 * the saga manager), but only the segment that holds the order's saga parks: {@code ownership}. Failures are counted
 * per node and in memory (a restart grants fresh attempts); written by hand because Axon offers only "propagate" and
 * "log and move on" for sagas.
 */
final class ParkFailingEvents implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(ParkFailingEvents.class);
    private static final int REMEMBERED_EVENTS = 10_000;

    /** Whether the unit of work's segment is the one holding the saga of the order (the sequence identifier). */
    @FunctionalInterface
    interface Ownership {
        boolean holdsSagaOf(UnitOfWork<? extends EventMessage<?>> unitOfWork, String orderId);
    }

    private record Failure(int attempts, Throwable lastCause) {
    }

    private final FulfilmentDeadLetters deadLetters;
    private final int maxAttempts;
    private final Ownership ownership;
    private final Map<String, Failure> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failure> eldest) {
            return size() > REMEMBERED_EVENTS;
        }
    };

    ParkFailingEvents(FulfilmentDeadLetters deadLetters, int maxAttempts, Ownership ownership) {
        this.deadLetters = deadLetters;
        this.maxAttempts = maxAttempts;
        this.ownership = ownership;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        EventMessage<?> event = unitOfWork.getMessage();
        String orderId = FulfilmentDeadLetters.sequenceOf(event);
        if (orderId == null || !ownership.holdsSagaOf(unitOfWork, orderId)) {
            return interceptorChain.proceed();
        }
        SagaCommands.reportFailures(unitOfWork, this::failed);
        Failure failure = failureOf(event);
        if (failure != null && failure.attempts() >= maxAttempts) {
            park(unitOfWork, orderId, event, failure);
            return null;
        }
        if (deadLetters.parkBehind(orderId, event)) {
            log.info("{} {} of order {} is parked behind the order's earlier parked event",
                    event.getPayloadType().getSimpleName(), event.getIdentifier(), orderId);
            return null;
        }
        try {
            Object result = interceptorChain.proceed();
            // only once committed: the commands the handling sent are dispatched as the batch commits, and may fail
            unitOfWork.afterCommit(committed -> forget(event));
            return result;
        } catch (Exception | Error e) {
            failed(event.getIdentifier(), e);
            throw e;
        }
    }

    /** Counts a failed attempt of the event, by its handler or by a command it sent ({@link SagaCommands}). */
    private void failed(String eventIdentifier, Throwable cause) {
        synchronized (failures) {
            failures.merge(eventIdentifier, new Failure(1, cause),
                    (previous, next) -> new Failure(previous.attempts() + 1, cause));
        }
    }

    private void park(UnitOfWork<? extends EventMessage<?>> unitOfWork, String orderId, EventMessage<?> event,
                      Failure failure) {
        DeadLetter<EventMessage<?>> letter = new GenericDeadLetter<>(orderId, event, failure.lastCause());
        EnqueueDecision<EventMessage<?>> decision = deadLetters.policy().decide(letter, failure.lastCause());
        if (decision.shouldEnqueue()) {
            deadLetters.queue().enqueue(orderId,
                    decision.withDiagnostics(letter.withCause(decision.enqueueCause().orElse(null))));
            log.error("{} {} of order {} failed {} times in the fulfilment saga and is parked: see GET "
                            + "/api/admin/dead-letters?group={}, retry with POST /api/admin/dead-letters/{}/retry ({})",
                    event.getPayloadType().getSimpleName(), event.getIdentifier(), orderId, failure.attempts(),
                    OrderFulfilmentSaga.PROCESSING_GROUP, OrderFulfilmentSaga.PROCESSING_GROUP,
                    failure.lastCause().toString());
        } else {
            log.error("{} {} of order {} failed {} times in the fulfilment saga; the dead-letter policy drops it ({})",
                    event.getPayloadType().getSimpleName(), event.getIdentifier(), orderId, failure.attempts(),
                    failure.lastCause().toString());
        }
        // only once the parked row is committed: should the batch roll back, the next delivery parks it again
        unitOfWork.afterCommit(committed -> forget(event));
    }

    private Failure failureOf(EventMessage<?> event) {
        synchronized (failures) {
            return failures.get(event.getIdentifier());
        }
    }

    private void forget(EventMessage<?> event) {
        synchronized (failures) {
            failures.remove(event.getIdentifier());
        }
    }
}
