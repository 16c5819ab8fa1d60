package io.annals.choreography.fulfilment;

import io.annals.choreography.deadletter.DeadLetterTables;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configurer;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;

/**
 * The fulfilment saga's processing: its events are handled in order per order because all of an order's events reach
 * its one saga in the one segment that holds it; a saga event whose handling keeps failing is parked
 * ({@link ParkFailingEvents}, {@link FulfilmentDeadLetters}), never skipped.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FulfilmentSettings.class)
class FulfilmentConfiguration {

    /**
     * How long a retry claims an order's letters, so a concurrent retry (another instance) never handles the same
     * letter while the first still runs: Axon's default, as the saga calls no provider and only routes.
     */
    private static final Duration RETRY_CLAIM = Duration.ofSeconds(30);

    /** The saga's time, replaceable in tests. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Axon's JDBC dead-letter queue on the saga's own table. */
    @Bean
    @InstanceRole(Role.SAGA)
    FulfilmentDeadLetters fulfilmentDeadLetters(ConnectionProvider connectionProvider,
                                                TransactionManager transactionManager, Serializer serializer,
                                                @Qualifier("eventSerializer") Serializer eventSerializer,
                                                JdbcTemplate jdbc,
                                                ObjectProvider<EventProcessingConfiguration> processing) {
        JdbcSequencedDeadLetterQueue<EventMessage<?>> queue = JdbcSequencedDeadLetterQueue.<EventMessage<?>>builder()
                .processingGroup(OrderFulfilmentSaga.PROCESSING_GROUP)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(DeadLetterTables.schema("fulfilment_dead_letter_entry"))
                .genericSerializer(serializer)
                .eventSerializer(eventSerializer)
                .claimDuration(RETRY_CLAIM)
                .build();
        return new FulfilmentDeadLetters(queue, transactionManager, FulfilmentDeadLetters.SequenceLock.advisory(jdbc),
                processing::getObject);
    }

    /** The journal's processor sees an order's events in order, whichever aggregate recorded them. */
    @Bean
    @InstanceRole(Role.SAGA)
    ConfigurerModule fulfilmentJournalSequencing() {
        return configurer -> configurer.eventProcessing().registerSequencingPolicy(FulfilmentJournal.PROCESSING_GROUP,
                configuration -> OrderSequencing.BY_ORDER);
    }

    /**
     * A failing saga handler fails its batch (Axon's default for sagas would log the error and move on at once), so
     * that {@link ParkFailingEvents} sees the failure: the batch is retried {@code handler-attempts} times, then the
     * event is parked. The commands a batch sends leave after its last event ({@link SagaCommands}), outermost.
     */
    @Bean
    @InstanceRole(Role.SAGA)
    ConfigurerModule fulfilmentProcessing(FulfilmentDeadLetters deadLetters, FulfilmentSettings settings) {
        return configurer -> configurer.eventProcessing()
                .registerListenerInvocationErrorHandler(OrderFulfilmentSaga.PROCESSING_GROUP,
                        configuration -> PropagatingErrorHandler.instance())
                .registerHandlerInterceptor(OrderFulfilmentSaga.PROCESSING_GROUP,
                        configuration -> SagaCommands.dispatchAtBatchEnd())
                .registerHandlerInterceptor(OrderFulfilmentSaga.PROCESSING_GROUP,
                        configuration -> new ParkFailingEvents(deadLetters, settings.handlerAttempts(),
                                new SagaSegments(configuration::eventProcessingConfiguration)));
    }

    /**
     * Replaces the saga manager Axon registers for {@code @Saga} types with one that claims an order's events only in
     * the segment holding its saga ({@link OrderSagaManager}): ordered after Axon's registration, which it replaces.
     */
    @Bean
    @InstanceRole(Role.SAGA)
    ConfigurerModule orderSagaManager() {
        return new ConfigurerModule() {
            @Override
            public void configureModule(Configurer configurer) {
                configurer.eventProcessing().registerSaga(OrderFulfilmentSaga.class,
                        saga -> saga.configureSagaManager(OrderSagaManager::of));
            }

            @Override
            public int order() {
                return 1;
            }
        };
    }
}
