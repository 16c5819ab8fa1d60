package io.annals.choreography.fulfilment;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.saga.AssociationValue;

import java.util.function.Supplier;

/**
 * Which of the fulfilment processor's segments holds an order's saga: the one its association value (the order id)
 * falls into. Only that segment is handed the order's saga events ({@link OrderSagaManager}), and Axon starts the
 * saga there. Annals never splits or merges the processor's segments, so the order id names its saga's segment for
 * good, without a look-up of the saga.
 */
final class SagaSegments implements ParkFailingEvents.Ownership {

    /** The saga's association property (see {@link OrderFulfilmentSaga}'s handlers). */
    static final String ASSOCIATION_PROPERTY = "orderId";

    /** Where Axon's work packages note the segment a unit of work processes. */
    private static final String SEGMENT_ID_RESOURCE =
            "Processor[" + OrderFulfilmentSaga.PROCESSING_GROUP + "]/SegmentId";

    private final Supplier<EventProcessingConfiguration> processing;

    SagaSegments(Supplier<EventProcessingConfiguration> processing) {
        this.processing = processing;
    }

    /** {@code false} outside a work package of the fulfilment processor: then nothing is parked, only propagated. */
    @Override
    public boolean holdsSagaOf(UnitOfWork<? extends EventMessage<?>> unitOfWork, String orderId) {
        Integer segmentId = unitOfWork.getResource(SEGMENT_ID_RESOURCE);
        if (segmentId == null) {
            return false;
        }
        return segment(segmentId).matches(new AssociationValue(ASSOCIATION_PROPERTY, orderId));
    }

    /**
     * The segment from the processor's status; right after a segment was claimed (again, after a failed batch) Axon
     * notes its status only once the first batch is done, so then from the token store's segments. Without that
     * fallback a batch that fails at once after every claim was never counted, and never parked.
     */
    private Segment segment(int segmentId) {
        EventProcessingConfiguration configuration = processing.get();
        EventTrackerStatus status = configuration
                .eventProcessor(OrderFulfilmentSaga.PROCESSING_GROUP, StreamingEventProcessor.class)
                .map(processor -> processor.processingStatus().get(segmentId))
                .orElse(null);
        if (status != null) {
            return status.getSegment();
        }
        int[] segments = configuration.tokenStore(OrderFulfilmentSaga.PROCESSING_GROUP)
                .fetchSegments(OrderFulfilmentSaga.PROCESSING_GROUP);
        return Segment.computeSegment(segmentId, segments);
    }
}
