package io.annals.choreography.fulfilment;

import io.annals.kernel.order.MarkOrderStockReserved;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderStockReserved;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.product.ProductRegistered;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.InMemorySequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class ParkFailingEventsTest {

    private static final int HANDLER_ATTEMPTS = 3;
    private static final String ORDER = "order-1";
    private static final String OTHER_ORDER = "order-2";

    private final SequencedDeadLetterQueue<EventMessage<?>> queue = InMemorySequencedDeadLetterQueue.defaultQueue();
    private final List<String> locked = new ArrayList<>();
    private final List<String> handled = new ArrayList<>();
    private boolean holdsTheSaga = true;
    private ParkFailingEvents testSubject;

    @BeforeEach
    void setUp() {
        EventProcessingConfiguration processing = mock(EventProcessingConfiguration.class);
        when(processing.deadLetterPolicy(OrderFulfilmentSaga.PROCESSING_GROUP)).thenReturn(Optional.of(
                (letter, cause) -> Decisions.enqueue(cause, failed -> failed.diagnostics().and("attempts", 1))));
        FulfilmentDeadLetters deadLetters = new FulfilmentDeadLetters(queue, NoTransactionManager.INSTANCE,
                locked::add, () -> processing);
        testSubject = new ParkFailingEvents(deadLetters, HANDLER_ATTEMPTS, (unitOfWork, orderId) -> holdsTheSaga);
    }

    @Test
    void aFailingEventIsTriedHandlerAttemptsTimesThenParkedUnhandledWithItsLastFailure() {
        EventMessage<?> reserved = event(new OrderStockReserved(ORDER));

        for (int attempt = 1; attempt <= HANDLER_ATTEMPTS; attempt++) {
            ResultMessage<?> failed = deliver(reserved, failing("boom " + attempt));
            assertThat(failed.isExceptional()).as("attempt %d propagates its failure", attempt).isTrue();
            assertThat(queue.contains(ORDER)).isFalse();
        }
        ResultMessage<?> parked = deliver(reserved, failing("never called"));

        assertThat(parked.isExceptional()).isFalse();
        assertThat(handled).hasSize(HANDLER_ATTEMPTS);
        List<DeadLetter<? extends EventMessage<?>>> letters = letters(ORDER);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.message().getIdentifier()).isEqualTo(reserved.getIdentifier());
            assertThat(letter.cause()).hasValueSatisfying(cause -> assertThat(cause.message()).isEqualTo("boom 3"));
            assertThat(letter.diagnostics()).containsEntry("attempts", 1);
        });
    }

    @Test
    void laterEventsOfAParkedOrderAreParkedBehindItUnhandledUnderTheOrdersLock() {
        park(event(new OrderStockReserved(ORDER)));
        EventMessage<?> cancelled = event(new OrderCancelled(ORDER, CancellationReason.CANCELLED_BY_CUSTOMER, "no"));

        ResultMessage<?> result = deliver(cancelled, succeeding());

        assertThat(result.isExceptional()).isFalse();
        assertThat(handled).as("the cancellation was not handled").hasSize(HANDLER_ATTEMPTS);
        assertThat(letters(ORDER)).hasSize(2).last().satisfies(letter -> {
            assertThat(letter.message().getIdentifier()).isEqualTo(cancelled.getIdentifier());
            assertThat(letter.cause()).as("parked only behind the first").isEmpty();
        });
        assertThat(locked).containsExactly(ORDER);
    }

    @Test
    void anotherOrdersEventsAreHandledWhileAnOrderIsParkedWithoutTakingALock() {
        park(event(new OrderStockReserved(ORDER)));
        handled.clear();

        ResultMessage<?> result = deliver(event(new OrderStockReserved(OTHER_ORDER)), succeeding());

        assertThat(result.isExceptional()).isFalse();
        assertThat(handled).hasSize(1);
        assertThat(queue.contains(OTHER_ORDER)).isFalse();
        assertThat(locked).isEmpty();
    }

    @Test
    void aSegmentThatDoesNotHoldTheOrdersSagaNeverParksAndKeepsPropagatingFailures() {
        park(event(new OrderStockReserved(ORDER)));
        holdsTheSaga = false;
        EventMessage<?> cancelled = event(new OrderCancelled(ORDER, CancellationReason.CANCELLED_BY_CUSTOMER, "no"));
        EventMessage<?> failing = event(new OrderStockReserved(OTHER_ORDER));

        assertThat(deliver(cancelled, succeeding()).isExceptional()).isFalse();
        for (int attempt = 1; attempt <= HANDLER_ATTEMPTS + 2; attempt++) {
            assertThat(deliver(failing, failing("boom")).isExceptional()).isTrue();
        }

        assertThat(handled).hasSize(HANDLER_ATTEMPTS + 1 + HANDLER_ATTEMPTS + 2);
        assertThat(letters(ORDER)).hasSize(1);
        assertThat(queue.contains(OTHER_ORDER)).isFalse();
    }

    @Test
    void aSuccessfulAttemptStartsTheCountAgain() {
        EventMessage<?> reserved = event(new OrderStockReserved(ORDER));
        deliver(reserved, failing("boom"));
        deliver(reserved, failing("boom"));
        deliver(reserved, succeeding());

        for (int attempt = 1; attempt <= HANDLER_ATTEMPTS; attempt++) {
            assertThat(deliver(reserved, failing("boom")).isExceptional()).isTrue();
        }

        assertThat(queue.contains(ORDER)).isFalse();
    }

    @Test
    void aCommandThatFailsAsTheBatchCommitsCountsAgainstTheEventThatSentItUntilItIsParked() {
        EventMessage<?> reserved = event(new OrderStockReserved(ORDER));
        CommandGateway nobodyHandles = DefaultCommandGateway.builder()
                .commandBus(SimpleCommandBus.builder().build()).build();
        InterceptorChain sending = () -> {
            handled.add("sent");
            SagaCommands.send(nobodyHandles, new MarkOrderStockReserved(ORDER));
            return null;
        };

        for (int attempt = 1; attempt <= HANDLER_ATTEMPTS; attempt++) {
            ResultMessage<?> failed = deliver(reserved, sending);
            assertThat(failed.isExceptional()).as("attempt %d fails as it commits", attempt).isTrue();
            assertThat(failed.exceptionResult()).isInstanceOf(NoHandlerForCommandException.class);
        }
        ResultMessage<?> parked = deliver(reserved, sending);

        assertThat(parked.isExceptional()).isFalse();
        assertThat(handled).hasSize(HANDLER_ATTEMPTS);
        assertThat(letters(ORDER)).singleElement().satisfies(letter -> assertThat(letter.cause())
                .hasValueSatisfying(cause -> assertThat(cause.type())
                        .isEqualTo(NoHandlerForCommandException.class.getName())));
    }

    @Test
    void anEventOfNoOrderIsHandledAndFailsAsItIs() {
        EventMessage<?> registered = event(new ProductRegistered("sku", "name", 1, null));

        for (int attempt = 1; attempt <= HANDLER_ATTEMPTS + 1; attempt++) {
            assertThat(deliver(registered, failing("boom")).isExceptional()).isTrue();
        }

        assertThat(queue.amountOfSequences()).isZero();
    }

    /** Fails the event {@link #HANDLER_ATTEMPTS} times and delivers it once more, which parks it. */
    private void park(EventMessage<?> event) {
        for (int attempt = 1; attempt <= HANDLER_ATTEMPTS + 1; attempt++) {
            deliver(event, failing("boom"));
        }
        assertThat(queue.contains(ORDER)).isTrue();
    }

    /** One delivery by the processor: in a unit of work, rolled back when the interceptor lets a failure through. */
    private ResultMessage<?> deliver(EventMessage<?> event, InterceptorChain handler) {
        DefaultUnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        return unitOfWork.executeWithResult(() -> testSubject.handle(unitOfWork, handler));
    }

    private InterceptorChain failing(String message) {
        return () -> {
            handled.add(message);
            throw new IllegalStateException(message);
        };
    }

    private InterceptorChain succeeding() {
        return () -> handled.add("handled");
    }

    private List<DeadLetter<? extends EventMessage<?>>> letters(String orderId) {
        List<DeadLetter<? extends EventMessage<?>>> letters = new ArrayList<>();
        queue.deadLetterSequence(orderId).forEach(letters::add);
        return letters;
    }

    private static EventMessage<?> event(Object payload) {
        return GenericEventMessage.asEventMessage(payload);
    }
}
