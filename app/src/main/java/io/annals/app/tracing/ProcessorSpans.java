package io.annals.app.tracing;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.Span;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.util.List;

/**
 * The spans of one event processor, by Axon's {@link EventProcessorSpanFactory} (configured by
 * {@code axon.tracing.event-processor.*}): an event's handling joins the trace that published it, as a child of the
 * publishing span, and names its processing group and segment. A batch of {@link BulkMessages} (intake's enrichment)
 * gets one span of its own instead, a root, with its processing group and size, and its events none.
 */
public final class ProcessorSpans {

    static final String PROCESSING_GROUP = "annals.processing_group";
    static final String SEGMENT = "annals.segment";
    static final String BATCH_SIZE = "annals.batch_size";

    private final SpanFactory spanFactory;
    private final EventProcessorSpanFactory axonDefaults;

    ProcessorSpans(SpanFactory spanFactory, EventProcessorSpanFactory axonDefaults) {
        this.spanFactory = spanFactory;
        this.axonDefaults = axonDefaults;
    }

    /** The span factory of the processor named {@code processor} (Annals names a processor after its group). */
    public EventProcessorSpanFactory forProcessor(String processor) {
        return new OfProcessor(processor);
    }

    private final class OfProcessor implements EventProcessorSpanFactory {

        private final String processor;
        private final String segmentResource;

        OfProcessor(String processor) {
            this.processor = processor;
            // the resource under which Axon's pooled processor puts the segment of the unit of work (WorkPackage)
            this.segmentResource = "Processor[" + processor + "]/SegmentId";
        }

        @Override
        public Span createBatchSpan(boolean streaming, List<? extends EventMessage<?>> eventMessages) {
            // a processor's batches hold only events it handles: intake's are all bulk, the others' none
            if (!eventMessages.isEmpty() && BulkMessages.isBulk(eventMessages.get(0))) {
                return spanFactory.createRootTrace(() -> processor + ".batch")
                        .addAttribute(PROCESSING_GROUP, processor)
                        .addAttribute(BATCH_SIZE, Integer.toString(eventMessages.size()));
            }
            return axonDefaults.createBatchSpan(streaming, eventMessages);
        }

        @Override
        public Span createProcessEventSpan(boolean streaming, EventMessage<?> eventMessage) {
            Span span = axonDefaults.createProcessEventSpan(streaming, eventMessage);
            if (span == NoOpSpanFactory.NoOpSpan.INSTANCE) {
                return span;
            }
            span.addAttribute(PROCESSING_GROUP, processor);
            if (CurrentUnitOfWork.isStarted()) {
                Object segment = CurrentUnitOfWork.get().resources().get(segmentResource);
                if (segment != null) {
                    span.addAttribute(SEGMENT, segment.toString());
                }
            }
            return span;
        }
    }
}
