package io.annals.app.tracing;

import io.annals.app.test.EndToEndTest;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.SpanFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without an OTLP endpoint (the shared end-to-end service) tracing is off: every piece a request or a message passes
 * through is the no-op one, so off costs nothing worth measuring (restock, README "Tracing").
 */
@EndToEndTest
class TracingOffTest {

    @Autowired
    ApplicationContext context;

    @Test
    void withoutAnEndpointTheTracerThePropagatorAndAxonsSpansAreNoOps() {
        assertThat(context.getBeansOfType(Tracer.class).values()).containsExactly(Tracer.NOOP);
        assertThat(context.getBeansOfType(Propagator.class).values()).containsExactly(Propagator.NOOP);
        assertThat(context.getBean(SpanFactory.class)).isSameAs(NoOpSpanFactory.INSTANCE);
    }
}
