package io.annals.choreography.step;

import io.annals.choreography.fulfilment.OrderSequencing;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.axonframework.config.ConfigurerModule;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The provider steps' processors handle an order's requests in order, whichever side recorded them: the payment side's
 * requests are no aggregate's events, so Axon's default (per aggregate) would let a refund overtake its charge.
 */
@Configuration(proxyBeanMethods = false)
class StepConfiguration {

    @Bean
    @InstanceRole(Role.SAGA)
    ConfigurerModule providerStepSequencing() {
        return configurer -> configurer.eventProcessing()
                .registerSequencingPolicy(PaymentStep.PROCESSING_GROUP, configuration -> OrderSequencing.BY_ORDER)
                .registerSequencingPolicy(ShippingStep.PROCESSING_GROUP, configuration -> OrderSequencing.BY_ORDER);
    }
}
