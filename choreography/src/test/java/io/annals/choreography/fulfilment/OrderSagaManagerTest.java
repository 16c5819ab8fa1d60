package io.annals.choreography.fulfilment;

import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderStockReserved;
import io.annals.kernel.product.ProductRegistered;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.AssociationValuesImpl;
import org.axonframework.modelling.saga.Saga;
import org.axonframework.modelling.saga.SagaRepository;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** An order's saga events are claimed by the one segment that holds the order's saga, not by every segment. */
class OrderSagaManagerTest {

    private static final Segment[] SEGMENTS = Segment.splitBalanced(Segment.ROOT_SEGMENT, 3)
            .toArray(Segment[]::new);

    @SuppressWarnings("unchecked")
    private final SagaRepository<OrderFulfilmentSaga> repository = mock(SagaRepository.class);
    private final OrderSagaManager testSubject = new OrderSagaManager(AnnotatedSagaManager.<OrderFulfilmentSaga>builder()
            .sagaType(OrderFulfilmentSaga.class)
            .sagaRepository(repository), new SagaSegments(OrderSagaManagerTest::processing));

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
    void aSagaStartedByADeadLetterRetryInTheRootSegmentGetsAnIdentifierOfItsOrdersSegment() throws Exception {
        List<String> started = new ArrayList<>();
        when(repository.find(any())).thenReturn(Set.of());
        when(repository.createInstance(any(), any())).thenAnswer(call -> {
            started.add(call.getArgument(0));
            @SuppressWarnings("unchecked")
            Saga<OrderFulfilmentSaga> saga = mock(Saga.class);
            when(saga.getAssociationValues()).thenReturn(new AssociationValuesImpl());
            return saga;
        });

        for (int order = 0; order < 20; order++) {
            String orderId = UUID.randomUUID().toString();
            testSubject.handle(GenericEventMessage.asEventMessage(new OrderPlaced(orderId, "customer", "a@b.c",
                    List.of(), null, null)), Segment.ROOT_SEGMENT);

            Segment ofOrder = Arrays.stream(SEGMENTS)
                    .filter(segment -> segment.matches(new AssociationValue("orderId", orderId)))
                    .findFirst().orElseThrow();
            assertThat(ofOrder.matches(started.get(order))).as("the saga of order %s", orderId).isTrue();
        }
    }

    private static EventProcessingConfiguration processing() {
        InMemoryTokenStore tokenStore = new InMemoryTokenStore();
        tokenStore.initializeTokenSegments(OrderFulfilmentSaga.PROCESSING_GROUP, SEGMENTS.length);
        EventProcessingConfiguration configuration = mock(EventProcessingConfiguration.class);
        when(configuration.tokenStore(OrderFulfilmentSaga.PROCESSING_GROUP)).thenReturn(tokenStore);
        return configuration;
    }
}
