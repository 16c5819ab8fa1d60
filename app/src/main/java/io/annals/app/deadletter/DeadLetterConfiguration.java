package io.annals.app.deadletter;

import io.annals.choreography.deadletter.DeadLetterTables;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * A sequenced dead-letter queue for every event-handling processing group, on Flyway's {@code dead_letter_entry},
 * parking a failing event with {@link ParkOnFailure}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeadLetterProperties.class)
class DeadLetterConfiguration {

    /** {@link ConfigurerModule#order()} of modules that replace what Axon's auto-configuration registered. */
    private static final int OVERRIDES_AXON_DEFAULTS = 100;

    @Bean
    DeadLetterSchema deadLetterSchema() {
        return DeadLetterTables.schema("dead_letter_entry");
    }

    @Bean
    DeadLetterQueues deadLetterQueues(ConnectionProvider connectionProvider, TransactionManager transactionManager,
                                      DeadLetterSchema deadLetterSchema, Serializer serializer,
                                      @Qualifier("eventSerializer") Serializer eventSerializer,
                                      DeadLetterProperties properties) {
        return new DeadLetterQueues(connectionProvider, transactionManager, deadLetterSchema, serializer,
                eventSerializer, properties);
    }

    /**
     * A dead-letter queue for every event-handling processing group, whatever its name, so groups added later (the
     * saga's, intake) need no configuration here; Axon itself leaves saga groups out, and we leave out the groups of
     * {@link DeadLetterExemptions} (the provider answers {@code null} for them: no queue). Ordered after Axon's
     * property-driven provider ({@code axon.eventhandling.processors.*.dlq.enabled}), which it replaces.
     *
     * <p>Each group's invoker may clear its queue on a reset (a replay rebuilds the read model from the first event,
     * so old letters would be duplicates), and caches which sequences are parked, so a healthy event costs no query
     * of the queue. That invoker configuration is per group in Axon, hence registered when Axon asks for the group's
     * queue, which it does before building the group's invoker.
     */
    @Bean
    ConfigurerModule deadLettering(DeadLetterQueues deadLetterQueues, DeadLetterProperties properties,
                                   ObjectProvider<DeadLetterExemptions> exemptions) {
        return new ConfigurerModule() {
            @Override
            public void configureModule(Configurer configurer) {
                EventProcessingConfigurer processing = configurer.eventProcessing();
                Set<String> exempt = exemptions.orderedStream()
                        .flatMap(exemption -> exemption.groups().stream()).collect(Collectors.toSet());
                processing.registerDeadLetterQueueProvider(group -> {
                    if (exempt.contains(group)) {
                        return null;
                    }
                    processing.registerDeadLetteringEventHandlerInvokerConfiguration(group,
                            (config, invoker) -> invoker.allowReset(true).enableSequenceIdentifierCache());
                    return config -> deadLetterQueues.queueFor(group);
                });
                processing.registerDefaultDeadLetterPolicy(config -> new ParkOnFailure(properties.causeMaxLength()));
            }

            @Override
            public int order() {
                return OVERRIDES_AXON_DEFAULTS;
            }
        };
    }
}
