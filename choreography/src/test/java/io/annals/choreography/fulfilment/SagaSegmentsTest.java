package io.annals.choreography.fulfilment;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Which segment holds an order's saga, also right after a claim, before Axon noted the segment's status. */
class SagaSegmentsTest {

    private static final int SEGMENTS = 8;

    @Test
    void beforeAxonNotedAClaimedSegmentsStatusItsSegmentComesFromTheTokenStore() {
        InMemoryTokenStore tokenStore = new InMemoryTokenStore();
        tokenStore.initializeTokenSegments(OrderFulfilmentSaga.PROCESSING_GROUP, SEGMENTS);
        StreamingEventProcessor processor = mock(StreamingEventProcessor.class);
        when(processor.processingStatus()).thenReturn(Map.of()); // no status noted yet
        EventProcessingConfiguration configuration = mock(EventProcessingConfiguration.class);
        when(configuration.eventProcessor(eq(OrderFulfilmentSaga.PROCESSING_GROUP), any()))
                .thenReturn(Optional.of(processor));
        when(configuration.tokenStore(OrderFulfilmentSaga.PROCESSING_GROUP)).thenReturn(tokenStore);
        SagaSegments testSubject = new SagaSegments(() -> configuration);
        Segment three = Segment.computeSegment(3, IntStream.range(0, SEGMENTS).toArray());
        String ours = IntStream.range(0, 1000).mapToObj(i -> UUID.randomUUID().toString())
                .filter(id -> three.matches(new AssociationValue(SagaSegments.ASSOCIATION_PROPERTY, id)))
                .findFirst().orElseThrow();
        String theirs = IntStream.range(0, 1000).mapToObj(i -> UUID.randomUUID().toString())
                .filter(id -> !three.matches(new AssociationValue(SagaSegments.ASSOCIATION_PROPERTY, id)))
                .findFirst().orElseThrow();

        assertThat(holds(testSubject, 3, ours)).isTrue();
        assertThat(holds(testSubject, 3, theirs)).isFalse();
    }

    private static boolean holds(SagaSegments testSubject, int segmentId, String orderId) {
        UnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("x"));
        try {
            unitOfWork.resources().put("Processor[" + OrderFulfilmentSaga.PROCESSING_GROUP + "]/SegmentId",
                    segmentId);
            return testSubject.holdsSagaOf(unitOfWork, orderId);
        } finally {
            unitOfWork.rollback();
        }
    }
}
