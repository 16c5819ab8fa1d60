package io.annals.app.deadline;

import io.annals.app.processor.NodeName;
import io.annals.app.role.Roles;
import io.annals.kernel.role.Role;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.DefaultDeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.axonframework.tracing.NoOpSpanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

import javax.sql.DataSource;

/** Axon's persistent deadlines on db-scheduler ({@link DeadlineScheduling}). */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DeadlineProperties.class)
class DeadlineConfiguration {

    @Bean
    DeadlineScheduling deadlineScheduling(DataSource dataSource, Configuration configuration,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          TransactionManager transactionManager,
                                          ObjectProvider<DeadlineManagerSpanFactory> spanFactory,
                                          NodeName nodeName, DeadlineProperties properties, Roles roles) {
        // deadlines belong to sagas: an instance without them must not fire one it could not deliver
        return new DeadlineScheduling(dataSource, configuration, eventSerializer, transactionManager,
                spanFactory.getIfAvailable(() -> DefaultDeadlineManagerSpanFactory.builder()
                        .spanFactory(NoOpSpanFactory.INSTANCE).build()),
                nodeName, properties, roles.runs(Role.SAGA));
    }

    /** What Axon gives sagas and aggregates ({@code DeadlineManager} parameters and injected resources). */
    @Bean
    DbSchedulerDeadlineManager deadlineManager(DeadlineScheduling deadlineScheduling) {
        return deadlineScheduling.deadlineManager();
    }
}
