package io.annals.choreography.fulfilment;

import org.axonframework.config.Configuration;
import org.axonframework.config.SagaConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.SagaManagerSpanFactory;

/**
 * The fulfilment saga's manager: an order's saga events are handled in one segment only, the one its {@code orderId}
 * association falls into ({@link SagaSegments}). Axon's manager claims every saga event for every segment and sorts
 * saga instances by the segment of their identifier only after looking them up, so each of the processor's segments
 * ran a batch, a transaction and a token update for every saga event, all but one of them finding nothing to do.
 * Here the other segments do not claim the event (their work packages skip it, as an event of no handler), and the
 * claiming segment handles every saga of the order, whatever segment its identifier falls into: also a saga that a
 * dead-letter retry started in the root segment, whose identifier Axon chose from any segment. An event of no order
 * is handled as Axon does.
 *
 * <p>Written by hand because Axon's {@code canHandle} of sagas ignores the segment by design (a saga may be
 * associated with several values); Annals' sagas have one association, the order, which names the segment before
 * the look-up.
 */
final class OrderSagaManager extends AnnotatedSagaManager<OrderFulfilmentSaga> {

    /** Whether the current handling was routed by its order's association ({@link #canHandle}). */
    private final ThreadLocal<Boolean> routedByOrder = ThreadLocal.withInitial(() -> false);

    OrderSagaManager(Builder<OrderFulfilmentSaga> builder) {
        super(builder);
    }

    /** The manager Axon would build for the saga (its repository, resolvers, error handler, spans), routed by order. */
    static OrderSagaManager of(Configuration configuration) {
        SagaConfiguration<OrderFulfilmentSaga> saga =
                configuration.eventProcessingConfiguration().sagaConfiguration(OrderFulfilmentSaga.class);
        Builder<OrderFulfilmentSaga> builder = AnnotatedSagaManager.<OrderFulfilmentSaga>builder()
                .sagaType(OrderFulfilmentSaga.class)
                .sagaRepository(saga.repository())
                .parameterResolverFactory(configuration.parameterResolverFactory())
                .handlerDefinition(configuration.handlerDefinition(OrderFulfilmentSaga.class))
                .listenerInvocationErrorHandler(saga.listenerInvocationErrorHandler());
        return new OrderSagaManager(builder.spanFactory(configuration.getComponent(SagaManagerSpanFactory.class)));
    }

    @Override
    public boolean canHandle(EventMessage<?> eventMessage, Segment segment) {
        if (!super.canHandle(eventMessage, segment)) {
            return false;
        }
        String orderId = FulfilmentDeadLetters.sequenceOf(eventMessage);
        return orderId == null
                || segment.matches(new AssociationValue(SagaSegments.ASSOCIATION_PROPERTY, orderId));
    }

    @Override
    public void handle(EventMessage<?> event, Segment segment) throws Exception {
        if (FulfilmentDeadLetters.sequenceOf(event) == null) {
            super.handle(event, segment);
            return;
        }
        routedByOrder.set(true);
        try {
            super.handle(event, segment);
        } finally {
            routedByOrder.remove();
        }
    }

    /** Routed by order, the segment was chosen by the association: every saga of the order is this segment's. */
    @Override
    protected boolean matchesSegment(Segment segment, String sagaId) {
        return routedByOrder.get() || super.matchesSegment(segment, sagaId);
    }
}
