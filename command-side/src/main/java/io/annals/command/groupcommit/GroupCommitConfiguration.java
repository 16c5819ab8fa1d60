package io.annals.command.groupcommit;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandBusSpanFactory;
import org.axonframework.commandhandling.DuplicateCommandHandlerResolver;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The local command bus: Axon's {@link SimpleCommandBus}, configured as Axon's auto-configuration would (transactions,
 * spans, message monitor, correlation data), behind a {@link GroupCommitCommandBus} unless group commit is off.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GroupCommitProperties.class)
public class GroupCommitConfiguration {

    @Bean
    CommandBus commandBus(TransactionManager transactionManager, Configuration axon,
                          DuplicateCommandHandlerResolver duplicateCommandHandlerResolver,
                          GroupCommitProperties properties, ObjectProvider<CallerContext> callerContext,
                          MeterRegistry meterRegistry) {
        SimpleCommandBus alone = simpleCommandBus(transactionManager, axon, duplicateCommandHandlerResolver);
        if (!properties.enabled()) {
            return alone;
        }
        SimpleCommandBus grouped = simpleCommandBus(NoTransactionManager.INSTANCE, axon,
                duplicateCommandHandlerResolver);
        return new GroupCommitCommandBus(alone, grouped, transactionManager, properties,
                callerContext.getIfAvailable(() -> CallerContext.NONE), meterRegistry);
    }

    private static SimpleCommandBus simpleCommandBus(TransactionManager transactionManager, Configuration axon,
                                                     DuplicateCommandHandlerResolver duplicateCommandHandlerResolver) {
        SimpleCommandBus bus = SimpleCommandBus.builder()
                .transactionManager(transactionManager)
                .duplicateCommandHandlerResolver(duplicateCommandHandlerResolver)
                .spanFactory(axon.getComponent(CommandBusSpanFactory.class))
                // no Axon message monitor: annals.commands (CommandMonitoringInterceptor) counts and times every
                // command by type and outcome already, and Axon's dimensional monitors looked up their meters by
                // tags on every command (13 % of a restock request's CPU in a JFR profile)
                .build();
        bus.registerHandlerInterceptor(new CorrelationDataInterceptor<>(axon.correlationDataProviders()));
        return bus;
    }
}
