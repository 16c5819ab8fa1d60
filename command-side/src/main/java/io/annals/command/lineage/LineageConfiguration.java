package io.annals.command.lineage;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Message lineage. A command sent while serving a request carries the request's correlation id; every message
 * handled inside a unit of work passes on its correlation id (or, at the root, its own id) and names itself as the
 * cause of what it produces — events from commands, and later commands from events (sagas) alike.
 */
@Configuration(proxyBeanMethods = false)
public class LineageConfiguration {

    /** Replaces Axon's MessageOriginProvider (whose "correlationId" is the parent's id, i.e. a causation id). */
    @Bean
    CorrelationDataProvider lineageCorrelationDataProvider() {
        return message -> {
            Map<String, Object> lineage = new HashMap<>();
            Object correlationId = message.getMetaData().get(Lineage.CORRELATION_ID);
            lineage.put(Lineage.CORRELATION_ID, correlationId != null ? correlationId : message.getIdentifier());
            lineage.put(Lineage.CAUSATION_ID, message.getIdentifier());
            return lineage;
        };
    }

    /** For the command gateway: stamps commands sent from an HTTP request with that request's correlation id. */
    public static MessageDispatchInterceptor<CommandMessage<?>> requestCorrelation() {
        return (List<? extends CommandMessage<?>> messages) -> (index, command) -> {
            if (command.getMetaData().containsKey(Lineage.CORRELATION_ID)) {
                return command;
            }
            String correlationId = Lineage.requestCorrelationId();
            return correlationId == null ? command
                    : command.andMetaData(Map.of(Lineage.CORRELATION_ID, correlationId));
        };
    }
}
