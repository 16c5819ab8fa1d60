package io.annals.app.tracing;

import io.annals.choreography.batch.BatchTracing;
import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

import java.util.HashMap;
import java.util.Map;

/**
 * A batched item's trace context as a W3C {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}), written with
 * the tracer's propagator when the item is queued and made current again, without a span of its own, when its batch
 * is delivered: the batch's span is then a child of the span that queued the item.
 */
final class PropagatedBatchTracing implements BatchTracing {

    private static final String HEADER = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    PropagatedBatchTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public String current() {
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        return carrier.get(HEADER);
    }

    @Override
    public Scope resume(String traceParent) {
        String[] parts = traceParent == null ? new String[0] : traceParent.split("-");
        if (parts.length != 4) {
            return () -> {
            };
        }
        TraceContext context = tracer.traceContextBuilder()
                .traceId(parts[1])
                .spanId(parts[2])
                .sampled(parts[3].endsWith("1"))
                .build();
        CurrentTraceContext.Scope scope = tracer.currentTraceContext().newScope(context);
        return scope::close;
    }
}
