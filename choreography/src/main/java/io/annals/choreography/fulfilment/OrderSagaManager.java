package io.annals.choreography.fulfilment;

import org.axonframework.config.Configuration;
import org.axonframework.config.SagaConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.SagaManagerSpanFactory;

/**
 * The fulfilment saga's manager: an order's events are claimed only by the segment that holds the order's saga. Axon's
 * manager claims every saga event for every segment and sorts saga instances by segment only after looking them up, so
 * each of the processor's segments ran a batch, a transaction and a token update for every saga event, all but one of
 * them finding nothing to do. A saga of Annals is associated by its order id alone, and Axon starts it in the segment
 * that order id falls into ({@link SagaSegments}), so the others can pass the event by: their work packages then skip
 * it as they skip events of no handler. An event of no order is claimed everywhere, as Axon does.
 *
 * <p>That holds for sagas started by a dead-letter retry too: it hands the event to the root segment (whichever
 * segment holds the order's saga, the retry stands in for it), where Axon would give a new saga an identifier of any
 * segment; here it gets one of the order's segment.
 *
 * <p>Written by hand because Axon's {@code canHandle} of sagas ignores the segment by design (a saga may be
 * associated with several values); Annals' one association makes the segment known before the look-up.
 */
final class OrderSagaManager extends AnnotatedSagaManager<OrderFulfilmentSaga> {

    private final SagaSegments segments;
    /** The segment a saga started by the current root-segment handling must fall into. */
    private final ThreadLocal<Segment> startingIn = new ThreadLocal<>();

    OrderSagaManager(Builder<OrderFulfilmentSaga> builder, SagaSegments segments) {
        super(builder);
        this.segments = segments;
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
        return new OrderSagaManager(builder.spanFactory(configuration.getComponent(SagaManagerSpanFactory.class)),
                new SagaSegments(configuration::eventProcessingConfiguration));
    }

    @Override
    public void handle(EventMessage<?> event, Segment segment) throws Exception {
        String orderId = FulfilmentDeadLetters.sequenceOf(event);
        if (orderId == null || !Segment.ROOT_SEGMENT.equals(segment)) {
            super.handle(event, segment);
            return;
        }
        startingIn.set(segments.ofOrder(orderId));
        try {
            super.handle(event, segment);
        } finally {
            startingIn.remove();
        }
    }

    @Override
    protected String createSagaIdentifier(Segment segment) {
        Segment ofOrder = startingIn.get();
        return super.createSagaIdentifier(ofOrder != null ? ofOrder : segment);
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
}
