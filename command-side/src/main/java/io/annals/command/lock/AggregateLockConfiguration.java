package io.annals.command.lock;

import io.annals.command.AggregateBeans;
import org.axonframework.common.lock.LockFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/** The aggregate locks every aggregate type uses ({@code @Aggregate(lockFactory = AggregateBeans.LOCKS)}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AggregateLockConfiguration.AggregateLockProperties.class)
public class AggregateLockConfiguration {

    /**
     * @param timeout            how long a command waits for its aggregate's lock before it fails (Axon's default)
     * @param deadlockCheckEvery how often a waiting command checks whether it waits in a cycle of locks
     */
    @ConfigurationProperties("annals.command.aggregate-lock")
    public record AggregateLockProperties(@DefaultValue("60s") Duration timeout,
                                          @DefaultValue("50ms") Duration deadlockCheckEvery) {
    }

    @Bean(AggregateBeans.LOCKS)
    LockFactory aggregateLocks(AggregateLockProperties properties) {
        return new AggregateLocks(properties.timeout(), properties.deadlockCheckEvery());
    }
}
