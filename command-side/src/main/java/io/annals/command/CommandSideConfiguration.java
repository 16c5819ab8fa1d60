package io.annals.command;

import io.annals.command.lineage.LineageConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The command pipeline. Dispatch: request correlation id, then bean validation of the command, which checks only
 * that what the aggregates rely on is there ({@code @NotNull}): a request's shape is checked once, at the HTTP edge,
 * and invariants once, in the aggregate. Handling: structured logging and timing of every command. A command that
 * decided on state another node had moved past is retried on fresh state ({@link CommandRetries}); every other failure
 * goes straight to the caller.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandSideConfiguration.CommandRetryProperties.class)
public class CommandSideConfiguration {

    /**
     * @param maxRetries    how often a command is retried after a conflicting append or a decision on a stale cached
     *                      aggregate
     * @param backoffMillis the first retry's delay; doubled per retry
     */
    @ConfigurationProperties("annals.command.retry")
    public record CommandRetryProperties(@DefaultValue("10") int maxRetries, @DefaultValue("5") int backoffMillis) {
    }

    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService commandRetryExecutor() {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "command-retry");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    RetryScheduler commandRetryScheduler(ScheduledExecutorService commandRetryExecutor,
                                         CommandRetryProperties properties) {
        return new CommandRetries(commandRetryExecutor, properties.maxRetries(), properties.backoffMillis());
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, RetryScheduler commandRetryScheduler) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(commandRetryScheduler)
                .dispatchInterceptors(LineageConfiguration.requestCorrelation(), new BeanValidationInterceptor<>())
                .build();
    }

    /** Every aggregate's command target resolution (Axon's configuration takes this bean for all of them). */
    @Bean
    CommandTargetResolver commandTargetResolver() {
        return new CachedCommandTargetResolver();
    }

    @Bean
    InitializingBean commandMonitoring(CommandBus commandBus, MeterRegistry meterRegistry) {
        return () -> commandBus.registerHandlerInterceptor(new CommandMonitoringInterceptor(meterRegistry));
    }
}
