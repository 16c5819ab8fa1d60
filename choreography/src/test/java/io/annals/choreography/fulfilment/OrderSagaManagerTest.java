package io.annals.choreography.fulfilment;

import io.annals.kernel.order.OrderStockReserved;
import io.annals.kernel.product.ProductRegistered;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.Saga;
import org.axonframework.modelling.saga.SagaRepository;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** An order's saga events are claimed by the one segment that holds the order's saga, not by every segment. */
class OrderSagaManagerTest {

    private static final Segment[] SEGMENTS = Segment.splitBalanced(Segment.ROOT_SEGMENT, 3)
            .toArray(Segment[]::new);

    @SuppressWarnings("unchecked")
    private final SagaRepository<OrderFulfilmentSaga> repository = mock(SagaRepository.class);
    private final OrderSagaManager testSubject = new OrderSagaManager(AnnotatedSagaManager.<OrderFulfilmentSaga>builder()
            .sagaType(OrderFulfilmentSaga.class)
            .sagaRepository(repository));

    @Test
    void anOrdersEventIsClaimedOnlyByTheSegmentItsAssociationFallsInto() {
        String orderId = UUID.randomUUID().toString();
        EventMessage<?> reserved = GenericEventMessage.asEventMessage(new OrderStockReserved(orderId));

        assertThat(SEGMENTS).hasSize(4);
        assertThat(Arrays.stream(SEGMENTS).filter(segment -> testSubject.canHandle(reserved, segment)))
                .singleElement()
                .matches(segment -> segment.matches(new AssociationValue("orderId", orderId)));
        assertThat(testSubject.canHandle(reserved, Segment.ROOT_SEGMENT)).as("a dead-letter retry").isTrue();
    }

    @Test
    void anEventTheSagaHasNoHandlerForIsClaimedByNone() {
        EventMessage<?> registered = GenericEventMessage.asEventMessage(new ProductRegistered("sku", "name", 1, null));

        assertThat(Arrays.stream(SEGMENTS).filter(segment -> testSubject.canHandle(registered, segment))).isEmpty();
    }

    @Test
    void theClaimingSegmentHandsTheEventToEverySagaOfTheOrderWhateverSegmentItsIdentifierFallsInto()
            throws Exception {
        String orderId = UUID.randomUUID().toString();
        Segment ofOrder = Arrays.stream(SEGMENTS)
                .filter(segment -> segment.matches(new AssociationValue("orderId", orderId)))
                .findFirst().orElseThrow();
        // an identifier Axon chose from any segment: a saga started by a dead-letter retry in the root segment
        String sagaId = Stream.generate(() -> UUID.randomUUID().toString())
                .filter(id -> !ofOrder.matches(id))
                .findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Saga<OrderFulfilmentSaga> saga = mock(Saga.class);
        when(saga.isActive()).thenReturn(true);
        when(saga.canHandle(any())).thenReturn(true);
        when(repository.find(new AssociationValue("orderId", orderId))).thenReturn(Set.of(sagaId));
        when(repository.load(sagaId)).thenReturn(saga);
        EventMessage<?> reserved = GenericEventMessage.asEventMessage(new OrderStockReserved(orderId));

        testSubject.handle(reserved, ofOrder);

        verify(saga).handle(reserved);
        verify(repository, never()).createInstance(any(), any());
    }
}
