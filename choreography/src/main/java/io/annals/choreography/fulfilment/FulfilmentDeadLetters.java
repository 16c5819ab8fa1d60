package io.annals.choreography.fulfilment;

import io.annals.kernel.order.OrderScoped;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.config.SagaConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.messaging.DefaultInterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterProcessor;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AbstractSagaManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The fulfilment saga's parked events (table {@code fulfilment_dead_letter_entry}), one sequence per order, and their
 * retry. Axon 4.13 dead-letters no saga, so {@link ParkFailingEvents} parks them here; Axon's own JDBC dead-letter
 * queue stores them (the event serializer for payload and metadata, a claim per sequence so two retries never handle
 * the same letter), and the admin API lists and retries them like any processing group's dead letters.
 *
 * <p>A retry hands each letter's event to the saga manager in a unit of work with its own transaction and the
 * processor's interceptors (correlation data among them), as the processor would have; a letter whose handling
 * succeeds is removed and the next one of its order follows, the first that fails again stays (its attempts grow, see
 * the dead-letter policy) and holds its order's later letters behind it.
 *
 * <p>Events parked behind a letter while it is being retried are retried in the same call: a retry that found its
 * order's letters gone checks again under the order's lock, which the processor takes before parking behind (see
 * {@link #parkBehind}); without it an event parked in the moment the last letter was removed would wait for the next
 * retry.
 */
public final class FulfilmentDeadLetters implements SequencedDeadLetterProcessor<EventMessage<?>> {

    private static final Logger log = LoggerFactory.getLogger(FulfilmentDeadLetters.class);

    /**
     * Serializes, per order, the processor parking an event behind the order's letters with a retry deciding that
     * the order has none left; held to the end of the caller's transaction.
     */
    @FunctionalInterface
    interface SequenceLock {

        void lock(String orderId);

        /** A PostgreSQL advisory lock: no table, and released by the transaction's end whatever happens. */
        static SequenceLock advisory(JdbcTemplate jdbc) {
            return orderId -> jdbc.queryForObject("SELECT 1 FROM pg_advisory_xact_lock(hashtextextended(?, 0))",
                    Integer.class, "fulfilment-dead-letters:" + orderId);
        }
    }

    private final SequencedDeadLetterQueue<EventMessage<?>> queue;
    private final TransactionManager transactionManager;
    private final SequenceLock sequenceLock;
    private final Supplier<EventProcessingConfiguration> processing;

    FulfilmentDeadLetters(SequencedDeadLetterQueue<EventMessage<?>> queue, TransactionManager transactionManager,
                          SequenceLock sequenceLock, Supplier<EventProcessingConfiguration> processing) {
        this.queue = queue;
        this.transactionManager = transactionManager;
        this.sequenceLock = sequenceLock;
        this.processing = processing;
    }

    /** The processing group the letters are listed under: the saga's, {@value OrderFulfilmentSaga#PROCESSING_GROUP}. */
    public String group() {
        return OrderFulfilmentSaga.PROCESSING_GROUP;
    }

    /** The parked events, one sequence per order. */
    public SequencedDeadLetterQueue<EventMessage<?>> queue() {
        return queue;
    }

    /** The order a saga event belongs to, which is its sequence; {@code null} for an event of no order. */
    static String sequenceOf(EventMessage<?> event) {
        return event.getPayload() instanceof OrderScoped scoped ? scoped.orderId() : null;
    }

    /**
     * Parks {@code event} behind its order's parked events, if the order has any. Runs in the processor's transaction;
     * the order's lock is taken only when letters are found, so a healthy order costs one indexed probe.
     *
     * @return whether the event was parked (and must not be handled)
     */
    boolean parkBehind(String orderId, EventMessage<?> event) {
        if (!queue.contains(orderId)) {
            return false;
        }
        sequenceLock.lock(orderId);
        return queue.enqueueIfPresent(orderId, () -> new GenericDeadLetter<>(orderId, event));
    }

    /** The dead-letter policy of every processing group (the cause as the admin API shows it, attempts). */
    EnqueuePolicy<EventMessage<?>> policy() {
        return processing.get().deadLetterPolicy(group()).orElse((letter, cause) -> Decisions.enqueue(cause));
    }

    /**
     * Retries the first sequence whose first letter matches {@code sequenceFilter} and that no other retry holds.
     *
     * @return whether the sequence was handled to its end and is gone
     */
    @Override
    public boolean process(Predicate<DeadLetter<? extends EventMessage<?>>> sequenceFilter) {
        AtomicReference<String> orderId = new AtomicReference<>();
        Function<DeadLetter<? extends EventMessage<?>>, EnqueueDecision<EventMessage<?>>> task = letter -> {
            orderId.set(sequenceOf(letter.message()));
            return redeliver(letter);
        };
        boolean released = queue.process(sequenceFilter, task);
        while (released && orderId.get() != null && stillParked(orderId.get())) {
            String order = orderId.get();
            released = queue.process(letter -> order.equals(sequenceOf(letter.message())), task);
        }
        return released;
    }

    private boolean stillParked(String orderId) {
        return transactionManager.fetchInTransaction(() -> {
            sequenceLock.lock(orderId);
            return queue.contains(orderId);
        });
    }

    /**
     * Handles the letter's event as the processor would have (what Axon's package-private
     * {@code DeadLetteredEventProcessingTask} does for event handlers, which a saga manager is not).
     */
    private EnqueueDecision<EventMessage<?>> redeliver(DeadLetter<? extends EventMessage<?>> letter) {
        EventMessage<?> event = letter.message();
        UnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        unitOfWork.attachTransaction(transactionManager);
        AbstractSagaManager<OrderFulfilmentSaga> sagaManager = sagaManager();
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> new DefaultInterceptorChain<>(unitOfWork,
                processorInterceptors(), message -> {
                    // the root segment: whichever segment holds the order's saga now, this retry stands in for it
                    sagaManager.handle(message, Segment.ROOT_SEGMENT);
                    return null;
                }).proceed());
        if (result.isExceptional()) {
            log.warn("retry of parked {} {} of order {} failed: {}", event.getPayloadType().getSimpleName(),
                    event.getIdentifier(), sequenceOf(event), result.exceptionResult().toString());
            return policy().decide(letter, result.exceptionResult());
        }
        return Decisions.evict();
    }

    private AbstractSagaManager<OrderFulfilmentSaga> sagaManager() {
        SagaConfiguration<OrderFulfilmentSaga> saga = processing.get().sagaConfiguration(OrderFulfilmentSaga.class);
        if (saga == null) {
            throw new IllegalStateException("the fulfilment saga does not run on this instance");
        }
        return saga.manager();
    }

    /** The processor's own interceptors (correlation data …), without the one that would park the event again. */
    private List<MessageHandlerInterceptor<? super EventMessage<?>>> processorInterceptors() {
        return processing.get().interceptorsFor(group()).stream()
                .filter(interceptor -> !(interceptor instanceof ParkFailingEvents))
                .toList();
    }
}
