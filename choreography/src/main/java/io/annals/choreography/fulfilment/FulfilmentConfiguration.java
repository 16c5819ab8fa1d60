package io.annals.choreography.fulfilment;

import io.annals.kernel.order.OrderScoped;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * The fulfilment saga's processing group handles one order's events in order, whichever aggregate emitted them (the
 * order, its products, its payment, its shipment): Axon's default policy sequences per aggregate, which would let a
 * product's StockReserved overtake the order's OrderCancelled.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(FulfilmentSettings.class)
class FulfilmentConfiguration {

    /** Events of one order share a sequence; events of no order keep Axon's per-aggregate sequencing. */
    static final SequencingPolicy<EventMessage<?>> PER_ORDER = event ->
            event.getPayload() instanceof OrderScoped scoped
                    ? scoped.orderId()
                    : SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);

    /** The saga's time, replaceable in tests. */
    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    /**
     * Per-order sequencing; and a saga handler that fails (a database error, a lost append race with another node)
     * fails its batch, which the processor retries, a bounded number of times ({@link RetryThenSkip}), instead of
     * Axon's default of logging the error and moving on at once.
     */
    @Bean
    ConfigurerModule fulfilmentProcessing(FulfilmentSettings settings) {
        return configurer -> configurer.eventProcessing()
                .registerSequencingPolicy(OrderFulfilment.PROCESSING_GROUP, configuration -> PER_ORDER)
                .registerListenerInvocationErrorHandler(OrderFulfilment.PROCESSING_GROUP,
                        configuration -> new RetryThenSkip(settings.handlerAttempts()));
    }
}
