package io.annals.app.tracing;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.springframework.context.annotation.Bean;

/**
 * A source of the traced test instance ({@code --spring.main.sources}): Boot's batch span processor exports every
 * span to this in-memory exporter as well. Not a {@code @Configuration}, so no component scan picks it up elsewhere.
 */
public class InMemorySpans {

    @Bean
    InMemorySpanExporter inMemorySpanExporter() {
        return InMemorySpanExporter.create();
    }
}
