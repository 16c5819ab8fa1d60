package io.annals.command.idempotency;

import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.axonframework.commandhandling.CommandBus;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Idempotency keys exist on instances with the command role only: there the store, the filter and the answers that
 * commit with their commands.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IdempotencyProperties.class)
class IdempotencyConfiguration {

    @Bean
    @InstanceRole(Role.COMMAND)
    InitializingBean idempotentAnswersOnCommit(CommandBus commandBus, IdempotencyStore store) {
        return () -> commandBus.registerHandlerInterceptor(new AnswerOnCommit(store));
    }
}
