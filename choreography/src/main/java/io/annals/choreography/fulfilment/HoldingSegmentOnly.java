package io.annals.choreography.fulfilment;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Lets a saga event of an order through only in the segment that holds the order's saga. Axon hands every saga event
 * to every segment of the processor, and each looks the saga up by its association (a query of the association
 * table) only to find it belongs to another segment; with 8 segments that was 7 wasted queries per event. A saga of
 * Annals is associated by its order id alone, and Axon starts it in the segment that order id falls into
 * ({@link SagaSegments}), so the other segments can pass the event by unhandled. An event of no order, and any event
 * outside the processor's work packages (a dead-letter retry), goes through as before.
 *
 * <p>Written by hand because Axon's saga manager offers no way to route by association value before the look-up.
 */
final class HoldingSegmentOnly implements MessageHandlerInterceptor<EventMessage<?>> {

    private final SagaSegments segments;

    HoldingSegmentOnly(SagaSegments segments) {
        this.segments = segments;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain interceptorChain)
            throws Exception {
        String orderId = FulfilmentDeadLetters.sequenceOf(unitOfWork.getMessage());
        if (orderId != null && segments.inWorkPackage(unitOfWork) && !segments.holdsSagaOf(unitOfWork, orderId)) {
            return null;
        }
        return interceptorChain.proceed();
    }
}
