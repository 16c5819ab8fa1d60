package io.annals.app.tracing;

import org.axonframework.messaging.Message;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanAttributesProvider;
import org.axonframework.tracing.SpanFactory;

import java.util.function.Supplier;

/**
 * Axon's {@link SpanFactory} with no span for {@link BulkMessages}: publishing one, handling one, or a handler method
 * running for one (Axon's handler spans carry no message, so the current unit of work's tells). Such a message also
 * gets no trace context in its metadata, so intake's write path stores what it stored before.
 */
final class BulkSkippingSpanFactory implements SpanFactory {

    private static final Span NONE = NoOpSpanFactory.NoOpSpan.INSTANCE;

    private final SpanFactory delegate;

    BulkSkippingSpanFactory(SpanFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public Span createRootTrace(Supplier<String> operationNameSupplier) {
        return delegate.createRootTrace(operationNameSupplier);
    }

    @Override
    public Span createHandlerSpan(Supplier<String> operationNameSupplier, Message<?> parentMessage,
                                  boolean isChildTrace, Message<?>... linkedParents) {
        return BulkMessages.isBulk(parentMessage) ? NONE
                : delegate.createHandlerSpan(operationNameSupplier, parentMessage, isChildTrace, linkedParents);
    }

    @Override
    public Span createDispatchSpan(Supplier<String> operationNameSupplier, Message<?> parentMessage,
                                   Message<?>... linkedSiblings) {
        return BulkMessages.isBulk(parentMessage) ? NONE
                : delegate.createDispatchSpan(operationNameSupplier, parentMessage, linkedSiblings);
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationNameSupplier) {
        return BulkMessages.handlingBulk() ? NONE : delegate.createInternalSpan(operationNameSupplier);
    }

    @Override
    public Span createInternalSpan(Supplier<String> operationNameSupplier, Message<?> message) {
        return BulkMessages.isBulk(message) ? NONE : delegate.createInternalSpan(operationNameSupplier, message);
    }

    @Override
    public void registerSpanAttributeProvider(SpanAttributesProvider provider) {
        delegate.registerSpanAttributeProvider(provider);
    }

    @Override
    public <M extends Message<?>> M propagateContext(M message) {
        return BulkMessages.isBulk(message) ? message : delegate.propagateContext(message);
    }
}
