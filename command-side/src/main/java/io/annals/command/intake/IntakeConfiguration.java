package io.annals.command.intake;

import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Event intake's write side: validation, ordering into sources' streams, backpressure, meters. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IntakeProperties.class)
class IntakeConfiguration {

    @Bean
    @InstanceRole(Role.INTAKE)
    IntakeAppender intakeAppender(TransactionManager transactionManager, SourceStreams sourceStreams) {
        return new IntakeAppender(transactionManager, sourceStreams);
    }

    @Bean
    @InstanceRole(Role.INTAKE)
    IntakeBackpressure intakeBackpressure(EnrichmentLag enrichmentLag, IntakeProperties properties) {
        return new IntakeBackpressure(enrichmentLag, properties, System::nanoTime);
    }

    @Bean
    @InstanceRole(Role.INTAKE)
    IntakeMetrics intakeMetrics(MeterRegistry meterRegistry, IntakeBackpressure intakeBackpressure) {
        return new IntakeMetrics(meterRegistry, intakeBackpressure, System::nanoTime);
    }
}
