package io.annals.command.cache;

import io.annals.command.AggregateBeans;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * The aggregate cache every aggregate type uses ({@code @Aggregate(cache = AggregateBeans.CACHE)}), and the check that
 * keeps it safe with several nodes for commands that append nothing ({@link StaleCacheCheck}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AggregateCacheConfiguration.AggregateCacheProperties.class)
public class AggregateCacheConfiguration {

    /**
     * @param maxSize           aggregates kept in memory per node
     * @param expireAfterAccess an aggregate not used for this long is dropped
     */
    @ConfigurationProperties("annals.command.aggregate-cache")
    public record AggregateCacheProperties(@DefaultValue("20000") long maxSize,
                                           @DefaultValue("10m") Duration expireAfterAccess) {
    }

    @Bean(AggregateBeans.CACHE)
    Cache aggregateCache(AggregateCacheProperties properties) {
        return new CaffeineAggregateCache(properties.maxSize(), properties.expireAfterAccess());
    }

    /** Every command that used a cached aggregate without appending to it is checked against the event store. */
    @Bean
    InitializingBean staleCacheCheck(CommandBus commandBus, EventStore eventStore) {
        return () -> commandBus.registerHandlerInterceptor(new StaleCacheCheck(eventStore));
    }
}
