package io.annals.app.axon;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.annals.app.role.Roles;
import io.annals.kernel.role.Role;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.DefaultDeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.modelling.saga.repository.jdbc.JdbcSagaStore;
import org.axonframework.modelling.saga.repository.jdbc.PostgresSagaSqlSchema;
import org.axonframework.modelling.saga.repository.jdbc.SagaSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.tracing.NoOpSpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Axon's infrastructure, declared explicitly rather than left to Axon's auto-configuration ordering (which predates
 * Spring Boot 4's module split): the JDBC storage engine on bytea columns and a BIGSERIAL global index, JDBC token
 * and saga stores on the Flyway-owned tables, Jackson (never XStream) for events, messages, sagas and tokens, pooled
 * streaming processors and a sequenced dead-letter queue for every processing group, and persistent deadlines.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({AxonTuning.class, DeadlineProperties.class, DeadLetterProperties.class})
public class AxonInfrastructure {

    /** The bean name processors name as their {@code source} in application.yml. */
    private static final String COMMITTED_EVENTS = "committedEvents";

    /** {@link ConfigurerModule#order()} of modules that replace what Axon's auto-configuration registered. */
    private static final int OVERRIDES_AXON_DEFAULTS = 100;

    /** Jackson 2 for Axon; amounts are written as decimal strings so no precision is lost. */
    static ObjectMapper axonObjectMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        mapper.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
        return mapper;
    }

    @Bean
    @Primary
    Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(axonObjectMapper()).defaultTyping().build();
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return JacksonSerializer.builder().objectMapper(axonObjectMapper()).build();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return JacksonSerializer.builder().objectMapper(axonObjectMapper()).build();
    }

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    ConnectionProvider connectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /**
     * PostgreSQL reports a unique violation as SQLState 23505 on a PSQLException; Axon's own JDBC resolver only knows
     * {@code SQLIntegrityConstraintViolationException}, so without this a lost append race would not be recognised
     * as a concurrency conflict.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return exception -> {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                    return true;
                }
            }
            return false;
        };
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer serializer,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager,
                                          Configuration configuration,
                                          AxonTuning tuning) {
        return JdbcEventStorageEngine.builder()
                .snapshotSerializer(serializer)
                .eventSerializer(eventSerializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(EventSchema.builder()
                        .eventTable("domain_event_entry")
                        .snapshotTable("snapshot_event_entry")
                        .globalIndexColumn("global_index")
                        .timestampColumn("time_stamp")
                        .eventIdentifierColumn("event_identifier")
                        .aggregateIdentifierColumn("aggregate_identifier")
                        .sequenceNumberColumn("sequence_number")
                        .typeColumn("type")
                        .payloadTypeColumn("payload_type")
                        .payloadRevisionColumn("payload_revision")
                        .payloadColumn("payload")
                        .metaDataColumn("meta_data")
                        .build())
                .batchSize(tuning.eventReadBatchSize())
                .build();
    }

    @Bean(destroyMethod = "shutDown")
    EventStore eventStore(EventStorageEngine eventStorageEngine, Configuration configuration, AxonTuning tuning) {
        return EmbeddedEventStore.builder()
                .storageEngine(eventStorageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .fetchDelay(tuning.eventStoreFetchDelay().toMillis())
                .cachedEvents(tuning.eventStoreCachedEvents())
                .build();
    }

    /**
     * The source of every projection processor ({@code axon.eventhandling.processors.*.source}): woken after each
     * local commit of events, and every {@code event-store-fetch-delay} for other nodes' events.
     */
    @Bean(destroyMethod = "shutDown")
    CommitSignallingEventSource committedEvents(EventStorageEngine eventStorageEngine, EventStore eventStore,
                                               AxonTuning tuning) {
        CommitSignallingEventSource source = new CommitSignallingEventSource(eventStorageEngine,
                tuning.eventReadBatchSize(), tuning.maxEventsInFlight());
        eventStore.subscribe(events -> CurrentUnitOfWork.ifStarted(unitOfWork ->
                unitOfWork.afterCommit(committed -> source.signal())));
        return source;
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService eventSourcePoller(CommitSignallingEventSource committedEvents, AxonTuning tuning) {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "event-source-poller");
            thread.setDaemon(true);
            return thread;
        });
        long delay = tuning.eventStoreFetchDelay().toMillis();
        poller.scheduleWithFixedDelay(committedEvents::signal, delay, delay, TimeUnit.MILLISECONDS);
        return poller;
    }

    @Bean
    NodeName nodeName() {
        return NodeName.ofThisInstance();
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer, AxonTuning tuning,
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

    @Bean
    DeadLetterSchema deadLetterSchema() {
        return DeadLetterSchema.builder()
                .deadLetterTable("dead_letter_entry")
                .deadLetterIdentifierColumn("dead_letter_id")
                .processingGroupColumn("processing_group")
                .sequenceIdentifierColumn("sequence_identifier")
                .sequenceIndexColumn("sequence_index")
                .messageTypeColumn("message_type")
                .eventIdentifierColumn("event_identifier")
                .timestampColumn("time_stamp")
                .payloadTypeColumn("payload_type")
                .payloadRevisionColumn("payload_revision")
                .payloadColumn("payload")
                .metaDataColumn("meta_data")
                .aggregateTypeColumn("aggregate_type")
                .aggregateIdentifierColumn("aggregate_identifier")
                .sequenceNumberColumn("sequence_number")
                .tokenTypeColumn("token_type")
                .tokenColumn("token")
                .enqueuedAtColumn("enqueued_at")
                .lastTouchedColumn("last_touched")
                .processingStartedColumn("processing_started")
                .causeTypeColumn("cause_type")
                .causeMessageColumn("cause_message")
                .diagnosticsColumn("diagnostics")
                .build();
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
     * saga's, intake) need no configuration here; Axon itself leaves saga groups out. Ordered after Axon's
     * property-driven provider ({@code axon.eventhandling.processors.*.dlq.enabled}), which it replaces.
     *
     * <p>Each group's invoker may clear its queue on a reset (a replay rebuilds the read model from the first event,
     * so old letters would be duplicates), and caches which sequences are parked, so a healthy event costs no query
     * of the queue. That invoker configuration is per group in Axon, hence registered when Axon asks for the group's
     * queue, which it does before building the group's invoker.
     */
    @Bean
    ConfigurerModule deadLettering(DeadLetterQueues deadLetterQueues, DeadLetterProperties properties) {
        return new ConfigurerModule() {
            @Override
            public void configureModule(Configurer configurer) {
                EventProcessingConfigurer processing = configurer.eventProcessing();
                processing.registerDeadLetterQueueProvider(group -> {
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

    @Bean
    DeadlineScheduling deadlineScheduling(DataSource dataSource, Configuration configuration,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          TransactionManager transactionManager,
                                          ObjectProvider<DeadlineManagerSpanFactory> spanFactory,
                                          NodeName nodeName, DeadlineProperties properties, Roles roles) {
        // deadlines belong to sagas: an instance without them must not fire one it could not deliver
        return new DeadlineScheduling(dataSource, configuration, eventSerializer, transactionManager,
                spanFactory.getIfAvailable(() -> DefaultDeadlineManagerSpanFactory.builder()
                        .spanFactory(NoOpSpanFactory.INSTANCE).build()),
                nodeName, properties, roles.runs(Role.SAGA));
    }

    /** What Axon gives sagas and aggregates ({@code DeadlineManager} parameters and injected resources). */
    @Bean
    DbSchedulerDeadlineManager deadlineManager(DeadlineScheduling deadlineScheduling) {
        return deadlineScheduling.deadlineManager();
    }

    /** Every event processor's metrics, Axon's meters without Axon's per-event lookups ({@link EventProcessorMetrics}). */
    @Bean
    ConfigurerModule eventProcessorMetrics(MeterRegistry registry) {
        return configurer -> configurer.configureMessageMonitor(EventProcessor.class,
                (configuration, componentType, componentName) -> new EventProcessorMetrics(componentName, registry));
    }

    /**
     * Every processing group runs in a pooled streaming processor (segments and batches from application.yml); the
     * read-model projections ({@code annals.axon.async-commit-groups}) commit asynchronously.
     */
    @Bean
    ConfigurerModule pooledStreamingProcessors(TransactionManager transactionManager, JdbcTemplate jdbc,
                                               AxonTuning tuning, EventProcessorProperties processors,
                                               ObjectProvider<CommitSignallingEventSource> committedEvents) {
        return configurer -> {
            EventProcessingConfigurer processing = configurer.eventProcessing().usingPooledStreamingEventProcessors();
            TransactionManager asyncCommits = new AsyncCommitTransactionManager(transactionManager, jdbc);
            tuning.asyncCommitGroups().forEach(group -> processing.registerTransactionManager(group, c -> asyncCommits));
            processors.getProcessors().forEach((name, settings) -> {
                if (settings.getMode() == EventProcessorProperties.Mode.POOLED
                        && COMMITTED_EVENTS.equals(settings.getSource())) {
                    // the coordinator renews the claim of a segment busy with a long batch (a saga calling
                    // providers), so no other node takes the segment over while the batch still runs
                    processing.registerPooledStreamingEventProcessorConfiguration(name, (configuration, builder) ->
                            builder.messageSource(committedEvents.getObject()
                                            .throttledBy(() -> processedUpTo(configuration, name)))
                                    .enableCoordinatorClaimExtension());
                }
            });
        };
    }

    /**
     * The position up to which the slowest of the processor's segments on this node has handled events; empty while
     * the processor holds no segment or a segment has no position yet.
     */
    private static OptionalLong processedUpTo(Configuration configuration, String name) {
        Map<Integer, EventTrackerStatus> segments = configuration.eventProcessingConfiguration()
                .eventProcessor(name, PooledStreamingEventProcessor.class)
                .map(PooledStreamingEventProcessor::processingStatus)
                .orElse(Map.of());
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
