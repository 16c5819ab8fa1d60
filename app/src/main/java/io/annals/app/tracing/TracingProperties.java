package io.annals.app.tracing;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tracing is on when Spring Boot's {@code management.opentelemetry.tracing.export.otlp.endpoint} is set, or with
 * {@code enabled}.
 *
 * @param enabled trace without an OTLP endpoint, for span exporters declared as beans (a test's in-memory exporter);
 *                default false: with neither, no span is recorded (see {@link TracingConfiguration})
 */
@ConfigurationProperties("annals.tracing")
public record TracingProperties(boolean enabled) {
}
