package io.annals.app.eventstore;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * Axon's event store, declared explicitly rather than left to Axon's auto-configuration ordering (which predates
 * Spring Boot 4's module split): the JDBC storage engine on bytea columns and a BIGSERIAL global index on the
 * Flyway-owned tables, Jackson (never XStream) for events, messages, sagas and tokens, the JDBC plumbing every Axon
 * store shares, and the commit-signalled event source the projections read.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EventStoreTuning.class)
public class EventStoreConfiguration {

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
    public Serializer serializer() {
        return JacksonSerializer.builder().objectMapper(axonObjectMapper()).defaultTyping().build();
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer() {
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
                                          EventStoreTuning tuning) {
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

    /** Its span factory (Axon's, from io.annals.app.tracing) puts each event's trace context into its metadata. */
    @Bean(destroyMethod = "shutDown")
    EventStore eventStore(EventStorageEngine eventStorageEngine, Configuration configuration,
                          EventBusSpanFactory spanFactory, EventStoreTuning tuning) {
        return EmbeddedEventStore.builder()
                .storageEngine(eventStorageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(spanFactory)
                .fetchDelay(tuning.eventStoreFetchDelay().toMillis())
                .cachedEvents(tuning.eventStoreCachedEvents())
                .build();
    }

    /**
     * The source of every projection processor ({@code axon.eventhandling.processors.*.source}): woken after each
     * local commit of events, and every {@code event-store-fetch-delay} for other nodes' events. Its bean name is
     * {@link CommitSignallingEventSource#COMMITTED_EVENTS}.
     */
    @Bean(destroyMethod = "shutDown")
    CommitSignallingEventSource committedEvents(EventStorageEngine eventStorageEngine, EventStore eventStore,
                                               EventStoreTuning tuning) {
        CommitSignallingEventSource source = new CommitSignallingEventSource(eventStorageEngine,
                tuning.eventReadBatchSize(), tuning.maxEventsInFlight());
        eventStore.subscribe(events -> CurrentUnitOfWork.ifStarted(unitOfWork ->
                unitOfWork.afterCommit(committed -> source.signal())));
        return source;
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService eventSourcePoller(CommitSignallingEventSource committedEvents, EventStoreTuning tuning) {
        ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "event-source-poller");
            thread.setDaemon(true);
            return thread;
        });
        long delay = tuning.eventStoreFetchDelay().toMillis();
        poller.scheduleWithFixedDelay(committedEvents::signal, delay, delay, TimeUnit.MILLISECONDS);
        return poller;
    }
}
