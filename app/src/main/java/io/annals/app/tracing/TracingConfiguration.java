package io.annals.app.tracing;

import io.annals.choreography.batch.BatchTracing;
import io.annals.command.groupcommit.CallerContext;
import io.micrometer.tracing.propagation.Propagator;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.axonframework.eventhandling.EventProcessorSpanFactory;
import org.axonframework.tracing.NoOpSpanFactory;
import org.axonframework.tracing.SpanFactory;
import org.axonframework.tracing.opentelemetry.OpenTelemetrySpanFactory;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * One trace per request, through Spring Boot's Micrometer Tracing on the OpenTelemetry SDK and Axon's spans on that
 * same SDK: the HTTP request and the provider calls are Micrometer observations; the command's dispatch and
 * handling, the events' publication, their handling by projections and the saga, the saga's commands and deadlines
 * are Axon's spans ({@link OpenTelemetrySpanFactory}), handed over between threads and nodes as a W3C
 * {@code traceparent} in each message's metadata. Axon's OpenTelemetry module rather than a Micrometer bridge for
 * Axon: Boot's bridge keeps its spans in OpenTelemetry's current context, so Axon's spans made current there are the
 * parents of the observations within them (a provider call inside a saga handler) and the reverse, and Boot's
 * context-storage wrapper puts their ids into the logging MDC.
 *
 * <p>On when {@code management.opentelemetry.tracing.export.otlp.endpoint} is set (or {@link TracingProperties}
 * {@code enabled}). Off, nothing records a span: Micrometer's tracer is its no-op one, Axon's span factory is
 * {@link NoOpSpanFactory} (what Axon uses untraced), the SDK samples nothing, and no exporter exists.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TracingProperties.class)
public class TracingConfiguration {

    /** Axon's name for its instrumentation scope in OpenTelemetry. */
    static final String AXON_INSTRUMENTATION = "AxonFramework-OpenTelemetry";

    @Configuration(proxyBeanMethods = false)
    @Conditional(TracingOn.class)
    static class On {

        /**
         * Built on Boot's OpenTelemetry rather than by Axon's own auto-configuration, which takes the global
         * instance (that Boot never sets).
         */
        @Bean
        SpanFactory spanFactory(OpenTelemetry openTelemetry) {
            return new BulkSkippingSpanFactory(OpenTelemetrySpanFactory.builder()
                    .tracer(openTelemetry.getTracer(AXON_INSTRUMENTATION))
                    .contextPropagators(openTelemetry.getPropagators().getTextMapPropagator())
                    .build());
        }

        @Bean
        ProcessorSpans processorSpans(SpanFactory spanFactory, EventProcessorSpanFactory eventProcessorSpanFactory) {
            return new ProcessorSpans(spanFactory, eventProcessorSpanFactory);
        }

        /** A command handled in a group on another request's thread continues its own request's trace. */
        @Bean
        CallerContext callersTrace() {
            return () -> {
                Context callers = Context.current();
                return () -> callers.makeCurrent()::close;
            };
        }

        /** The durable batcher's batch continues the trace that queued its first item (an order's confirmation). */
        @Bean
        BatchTracing batchTracing(io.micrometer.tracing.Tracer tracer, Propagator propagator) {
            return new PropagatedBatchTracing(tracer, propagator);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @Conditional(TracingOff.class)
    static class Off {

        @Bean
        io.micrometer.tracing.Tracer noopTracer() {
            return io.micrometer.tracing.Tracer.NOOP;
        }

        /**
         * Without it Boot's OpenTelemetry propagator stays: every HTTP request's observation then extracted a context
         * and started an OpenTelemetry span builder through it, whatever the tracer (about 5 % of a request's CPU).
         */
        @Bean
        Propagator noopPropagator() {
            return Propagator.NOOP;
        }

        @Bean
        SpanFactory spanFactory() {
            return NoOpSpanFactory.INSTANCE;
        }

        /** Whatever still asks OpenTelemetry for a span gets one that records nothing. */
        @Bean
        Sampler otelSampler() {
            return Sampler.alwaysOff();
        }
    }

    static class TracingOn extends AnyNestedCondition {

        TracingOn() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnProperty("management.opentelemetry.tracing.export.otlp.endpoint")
        static class OtlpEndpoint {
        }

        @ConditionalOnBooleanProperty("annals.tracing.enabled")
        static class Enabled {
        }
    }

    /** Tracing is off: also what keeps the lean request path ({@code io.annals.app.web.lean}) on. */
    public static class TracingOff extends NoneNestedConditions {

        TracingOff() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @Conditional(TracingOn.class)
        static class On {
        }
    }
}
