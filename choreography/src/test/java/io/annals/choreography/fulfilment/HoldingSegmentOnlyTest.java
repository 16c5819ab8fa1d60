package io.annals.choreography.fulfilment;

import io.annals.kernel.order.OrderStockReserved;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Only the segment that holds an order's saga handles the order's events; the others pass them by. */
class HoldingSegmentOnlyTest {

    private static final int SEGMENTS = 4;
    private static final Segment TWO = Segment.computeSegment(2, 0, 1, 2, 3);

    private final List<Object> handled = new ArrayList<>();
    private final HoldingSegmentOnly testSubject = new HoldingSegmentOnly(new SagaSegments(() -> processing()));

    @Test
    void theSegmentHoldingTheOrdersSagaHandlesItsEvent() throws Exception {
        EventMessage<?> event = reserved(orderIn(true));

        deliver(event, 2);

        assertThat(handled).containsExactly(event.getPayload());
    }

    @Test
    void anotherSegmentPassesTheEventByUnhandled() throws Exception {
        deliver(reserved(orderIn(false)), 2);

        assertThat(handled).isEmpty();
    }

    @Test
    void outsideAWorkPackageAndForAnEventOfNoOrderEverythingGoesThrough() throws Exception {
        EventMessage<?> retried = reserved(orderIn(false));
        EventMessage<?> noOrder = GenericEventMessage.asEventMessage("not an order's");

        deliver(retried, null);
        deliver(noOrder, 2);

        assertThat(handled).containsExactly(retried.getPayload(), noOrder.getPayload());
    }

    private void deliver(EventMessage<?> event, Integer segmentId) throws Exception {
        DefaultUnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(event);
        try {
            if (segmentId != null) {
                unitOfWork.resources().put("Processor[" + OrderFulfilmentSaga.PROCESSING_GROUP + "]/SegmentId",
                        segmentId);
            }
            testSubject.handle(unitOfWork, () -> handled.add(event.getPayload()));
        } finally {
            unitOfWork.rollback();
        }
    }

    private static String orderIn(boolean segmentTwo) {
        return Stream.generate(() -> UUID.randomUUID().toString())
                .filter(id -> TWO.matches(new AssociationValue(SagaSegments.ASSOCIATION_PROPERTY, id)) == segmentTwo)
                .findFirst().orElseThrow();
    }

    private static EventMessage<?> reserved(String orderId) {
        return GenericEventMessage.asEventMessage(new OrderStockReserved(orderId));
    }

    private static EventProcessingConfiguration processing() {
        InMemoryTokenStore tokenStore = new InMemoryTokenStore();
        tokenStore.initializeTokenSegments(OrderFulfilmentSaga.PROCESSING_GROUP, SEGMENTS);
        StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
        when(processor.processingStatus()).thenReturn(Map.of());
        EventProcessingConfiguration configuration = mock(EventProcessingConfiguration.class);
        when(configuration.eventProcessor(eq(OrderFulfilmentSaga.PROCESSING_GROUP), any()))
                .thenReturn(Optional.of(processor));
        when(configuration.tokenStore(OrderFulfilmentSaga.PROCESSING_GROUP)).thenReturn(tokenStore);
        return configuration;
    }
}
