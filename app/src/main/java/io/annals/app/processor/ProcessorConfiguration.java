package io.annals.app.processor;

import io.annals.app.eventstore.CommitSignallingEventSource;
import io.annals.app.tracing.ProcessorSpans;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.config.EventProcessingConfigurer.PooledStreamingProcessorConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.EventProcessorProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;
import java.util.OptionalLong;

/**
 * Axon's event processors: pooled streaming processors for every processing group, their JDBC token store and the
 * JDBC saga store on the Flyway-owned tables, the name this instance claims segments under, and their metrics.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProcessorTuning.class)
public class ProcessorConfiguration {

    @Bean
    NodeName nodeName() {
        return NodeName.ofThisInstance();
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, ProcessorTuning tuning,
                          NodeName nodeName) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .serializer(serializer)
                .schema(TokenSchema.builder()
                        .setTokenTable("token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp")
                        .setOwnerColumn("owner")
                        .build())
                .claimTimeout(tuning.tokenClaimTimeout())
                .nodeId(nodeName.value())
                .build();
    }

    @Bean
    SagaStore<Object> sagaStore(ConnectionProvider connectionProvider, Serializer serializer) {
        SagaSchema schema = SagaSchema.builder()
                .sagaEntryTable("saga_entry")
                .associationValueEntryTable("association_value_entry")
                .revisionColumn("revision")
                .serializedSagaColumn("serialized_saga")
                .associationKeyColumn("association_key")
                .associationValueColumn("association_value")
                .sagaIdColumn("saga_id")
                .sagaTypeColumn("saga_type")
                .build();
        return JdbcSagaStore.builder()
                .connectionProvider(connectionProvider)
                .sqlSchema(new PostgresSagaSqlSchema(schema))
                .serializer(serializer)
                .build();
    }

    /** Every event processor's metrics, Axon's meters without Axon's per-event lookups ({@link EventProcessorMetrics}). */
    @Bean
    ConfigurerModule eventProcessorMetrics(MeterRegistry registry) {
        return configurer -> configurer.configureMessageMonitor(EventProcessor.class,
                (configuration, componentType, componentName) -> new EventProcessorMetrics(componentName, registry));
    }

    /**
     * Every processing group runs in a pooled streaming processor (segments and batches from application.yml); the
     * read-model projections ({@code annals.axon.async-commit-groups}) commit asynchronously and take their switch
     * lock ({@link ProjectionTransactionManager}). With tracing on, each
     * processor's spans name it ({@link ProcessorSpans}).
     */
    @Bean
    ConfigurerModule pooledStreamingProcessors(TransactionManager transactionManager, JdbcTemplate jdbc,
                                               ProcessorTuning tuning, EventProcessorProperties processors,
                                               ObjectProvider<CommitSignallingEventSource> committedEvents,
                                               ObjectProvider<ProcessorSpans> spans) {
        return configurer -> {
            EventProcessingConfigurer processing = configurer.eventProcessing().usingPooledStreamingEventProcessors();
            tuning.asyncCommitGroups().forEach(group -> processing.registerTransactionManager(group,
                    c -> new ProjectionTransactionManager(transactionManager, jdbc, group)));
            processors.getProcessors().forEach((name, settings) -> {
                if (settings.getMode() != EventProcessorProperties.Mode.POOLED) {
                    return;
                }
                // one configuration per processor: Axon keeps only the last one registered under a name (and gives a
                // saga's processor its own defaults only while none is)
                PooledStreamingProcessorConfiguration pooled = null;
                if (CommitSignallingEventSource.COMMITTED_EVENTS.equals(settings.getSource())) {
                    // the coordinator renews the claim of a segment busy with a long batch (a saga calling
                    // providers), so no other node takes the segment over while the batch still runs
                    pooled = (configuration, builder) ->
                            builder.messageSource(committedEvents.getObject()
                                            .throttledBy(() -> processedUpTo(configuration, name)))
                                    .enableCoordinatorClaimExtension();
                }
                ProcessorSpans tracing = spans.getIfAvailable();
                if (tracing != null) {
                    PooledStreamingProcessorConfiguration traced = (configuration, builder) ->
                            builder.spanFactory(tracing.forProcessor(name));
                    pooled = pooled == null ? traced : pooled.andThen(traced);
                }
                if (pooled != null) {
                    processing.registerPooledStreamingEventProcessorConfiguration(name, pooled);
                }
            });
        };
    }

    private static OptionalLong processedUpTo(Configuration configuration, String name) {
        return processedUpTo(configuration.eventProcessingConfiguration()
                .eventProcessor(name, PooledStreamingEventProcessor.class)
                .map(PooledStreamingEventProcessor::processingStatus)
                .orElse(Map.of()));
    }

    /**
     * The position up to which the slowest of a processor's segments on this node has handled events; empty while
     * the processor holds no segment or a segment has no position yet. What paces a processor's stream
     * ({@link CommitSignallingEventSource#throttledBy}).
     */
    public static OptionalLong processedUpTo(Map<Integer, EventTrackerStatus> segments) {
        long slowest = Long.MAX_VALUE;
        for (EventTrackerStatus segment : segments.values()) {
            OptionalLong position = segment.getCurrentPosition();
            if (position.isEmpty()) {
                return OptionalLong.empty();
            }
            slowest = Math.min(slowest, position.getAsLong());
        }
        return segments.isEmpty() ? OptionalLong.empty() : OptionalLong.of(slowest);
    }
}
