package io.annals.choreography.step;

import io.annals.kernel.order.OrderScoped;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The provider steps' processors handle an order's requests in order, whichever side recorded them. */
@Configuration(proxyBeanMethods = false)
class StepConfiguration {

    /**
     * By order id: the payment side's requests are no aggregate's events, so Axon's default (per aggregate) would let
     * an order's refund run beside, or before, its charge.
     */
    static final SequencingPolicy<EventMessage<?>> BY_ORDER = event -> event.getPayload() instanceof OrderScoped scoped
            ? scoped.orderId() : SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);

    @Bean
    @InstanceRole(Role.SAGA)
    ConfigurerModule providerStepSequencing() {
        return configurer -> configurer.eventProcessing()
                .registerSequencingPolicy(PaymentStep.PROCESSING_GROUP, configuration -> BY_ORDER)
                .registerSequencingPolicy(ShippingStep.PROCESSING_GROUP, configuration -> BY_ORDER);
    }
}
