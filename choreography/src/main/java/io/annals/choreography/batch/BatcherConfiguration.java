package io.annals.choreography.batch;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;

/**
 * The {@link DurableBatcher} bean on the application's data source and transaction manager, so {@code add} joins
 * whatever Spring transaction the caller (an Axon handler, a controller) runs in. It starts and stops with the
 * application context.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(BatcherProperties.class)
public class BatcherConfiguration {

    @Bean
    BatchQueue batchQueue(DataSource dataSource, PlatformTransactionManager transactionManager) {
        return new BatchQueue(new JdbcTemplate(dataSource), transactionManager);
    }

    /** Declared as the implementation so the admin endpoint can ask it for the registered types. */
    @Bean
    JdbcDurableBatcher durableBatcher(BatchQueue batchQueue, BatcherProperties properties,
                                      PlatformTransactionManager transactionManager,
                                      ObjectProvider<MeterRegistry> meterRegistry,
                                      ObjectProvider<ObservationRegistry> observations,
                                      ObjectProvider<BatchTracing> tracing) {
        // without actuator's registry (a slim test context) the meters are kept but not exported
        BatcherMetrics metrics = new BatcherMetrics(meterRegistry.getIfAvailable(SimpleMeterRegistry::new));
        return new JdbcDurableBatcher(batchQueue, properties, metrics, transactionManager,
                observations.getIfAvailable(() -> ObservationRegistry.NOOP),
                tracing.getIfAvailable(() -> BatchTracing.NONE));
    }
}
