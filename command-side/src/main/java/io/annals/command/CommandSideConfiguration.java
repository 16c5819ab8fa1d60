package io.annals.command;

import io.annals.command.lineage.LineageConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.ExponentialBackOffIntervalRetryScheduler;
import org.axonframework.commandhandling.gateway.RetryScheduler;
import org.axonframework.messaging.interceptors.BeanValidationInterceptor;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * The command pipeline. Dispatch: request correlation id, then bean validation of the command. Handling: structured
 * logging and timing of every command. A command whose append lost a race against another node (unique
 * (aggregate, sequence) violation) is retried on fresh state; every other failure goes straight to the caller.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CommandSideConfiguration.CommandRetryProperties.class)
public class CommandSideConfiguration {

    /**
     * @param maxRetries    how often a command is retried after a conflicting append
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
        RetryScheduler backoff = ExponentialBackOffIntervalRetryScheduler.builder()
                .retryExecutor(commandRetryExecutor)
                .maxRetryCount(properties.maxRetries())
                .backoffFactor(properties.backoffMillis())
                .nonTransientFailurePredicate(failure -> !(failure instanceof ConcurrencyException))
                .build();
        // a stale cached aggregate is fixed by one fresh load: a second "stale" answer is the client's own version
        return (command, lastFailure, failures, dispatch) ->
                !(lastFailure instanceof VersionCheck.StaleAggregateException && failures.size() > 1)
                        && backoff.scheduleRetry(command, lastFailure, failures, dispatch);
    }

    @Bean
    CommandGateway commandGateway(CommandBus commandBus, RetryScheduler commandRetryScheduler) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(commandRetryScheduler)
                .dispatchInterceptors(LineageConfiguration.requestCorrelation(), new BeanValidationInterceptor<>())
                .build();
    }

    @Bean
    InitializingBean commandMonitoring(CommandBus commandBus, MeterRegistry meterRegistry) {
        return () -> commandBus.registerHandlerInterceptor(new CommandMonitoringInterceptor(meterRegistry));
    }
}
