package io.annals.app.fanout;

import io.annals.app.deadletter.DeadLetterExemptions;
import io.annals.app.eventjson.EventJson;
import io.annals.app.eventjson.TypeGlobs;
import io.annals.app.processor.StoredTokens;
import io.annals.choreography.circuit.CircuitDefinitions;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.util.Set;

/**
 * The fan-out's targets, each only when enabled ({@code annals.fanout.<target>.enabled}), and for each: its
 * publishing processor (settings in application.yml under {@code axon.eventhandling.processors}), its circuit (listed
 * with the providers' in {@code /api/admin/circuits}) and its health indicator ({@code fanoutRedis},
 * {@code fanoutKafka}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({RedisFanoutProperties.class, KafkaFanoutProperties.class})
class FanoutConfiguration {

    @Bean
    @ConditionalOnBooleanProperty("annals.fanout.redis.enabled")
    FanoutRoute redisFanout(RedisFanoutProperties redis) {
        return new FanoutRoute(FanoutRoute.REDIS, new RedisStreamTarget(redis),
                TypeGlobs.parse("annals.fanout.redis.types", redis.types()), redis.circuitBreaker());
    }

    @Bean
    @ConditionalOnBooleanProperty("annals.fanout.kafka.enabled")
    FanoutRoute kafkaFanout(KafkaFanoutProperties kafka, MeterRegistry meters) {
        return new FanoutRoute(FanoutRoute.KAFKA, new KafkaTopicTarget(kafka, meters),
                TypeGlobs.parse("annals.fanout.kafka.types", kafka.types()), kafka.circuitBreaker());
    }

    /** Every broker failure counts against the circuit; the processor's own backoff retries, not a Retry. */
    @Bean
    CircuitDefinitions fanoutCircuits(ObjectProvider<FanoutRoute> routes) {
        return new CircuitDefinitions(routes.orderedStream()
                .map(route -> new CircuitDefinitions.Definition(route.name(), route.circuitBreaker(), null,
                        failure -> true))
                .toList());
    }

    /** A publisher must never park an event and pass on: it stops until the broker takes it. */
    @Bean
    DeadLetterExemptions fanoutWithoutDeadLetters() {
        return new DeadLetterExemptions(Set.of(FanoutRoute.REDIS, FanoutRoute.KAFKA));
    }

    @Bean
    TokenPositions fanoutPositions(StoredTokens tokens) {
        return new TokenPositions(tokens);
    }

    /**
     * One processing group (and so one processor, with its own tokens) per target, holding just that target's
     * publisher; a failure propagates from the handler and from the batch, so the processor retries the batch.
     */
    @Bean
    ConfigurerModule fanoutPublishers(ObjectProvider<FanoutRoute> routes, CircuitBreakerRegistry circuitBreakers,
                                      MeterRegistry meters, JsonMapper json, JdbcTemplate jdbc) {
        EventJson eventJson = new EventJson(json);
        EventPositions positions = new EventPositions(jdbc);
        return configurer -> {
            EventProcessingConfigurer processing = configurer.eventProcessing();
            routes.orderedStream().forEach(route -> {
                FanoutPublisher publisher = new FanoutPublisher(route, eventJson, positions,
                        circuitBreakers.circuitBreaker(route.name()), meters);
                processing.registerEventHandler(configuration -> publisher)
                        .assignHandlerInstancesMatching(route.name(), handler -> handler == publisher)
                        .registerListenerInvocationErrorHandler(route.name(),
                                configuration -> PropagatingErrorHandler.instance())
                        .registerErrorHandler(route.name(), configuration -> PropagatingErrorHandler.instance());
            });
        };
    }

    @Bean
    @ConditionalOnBooleanProperty("annals.fanout.redis.enabled")
    HealthIndicator fanoutRedisHealthIndicator(CircuitBreakerRegistry circuitBreakers, TokenPositions positions,
                                               EventStore eventStore) {
        return new FanoutHealthIndicator(FanoutRoute.REDIS, circuitBreakers.circuitBreaker(FanoutRoute.REDIS),
                positions, eventStore);
    }

    @Bean
    @ConditionalOnBooleanProperty("annals.fanout.kafka.enabled")
    HealthIndicator fanoutKafkaHealthIndicator(CircuitBreakerRegistry circuitBreakers, TokenPositions positions,
                                               EventStore eventStore) {
        return new FanoutHealthIndicator(FanoutRoute.KAFKA, circuitBreakers.circuitBreaker(FanoutRoute.KAFKA),
                positions, eventStore);
    }
}
