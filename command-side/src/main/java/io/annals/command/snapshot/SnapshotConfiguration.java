package io.annals.command.snapshot;

import io.annals.command.AggregateBeans;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.annotation.HandlerDefinition;
import org.axonframework.messaging.annotation.ParameterResolverFactory;
import org.axonframework.spring.eventsourcing.SpringAggregateSnapshotter;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Snapshots: each aggregate type takes one every N events (default 100), so loading an aggregate reads its latest
 * snapshot plus fewer than N events. Snapshots are written on a small pool of their own, after the command that
 * triggered them committed: the command's caller never waits for one.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SnapshotConfiguration.SnapshotProperties.class)
public class SnapshotConfiguration {

    /** Events between snapshots, per aggregate type. */
    @ConfigurationProperties("annals.snapshots.every")
    public record SnapshotProperties(@DefaultValue("100") int product,
                                     @DefaultValue("100") int customer,
                                     @DefaultValue("100") int order,
                                     @DefaultValue("100") int payment,
                                     @DefaultValue("100") int shipment,
                                     @DefaultValue("2") int writerThreads) {
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService snapshotWriters(SnapshotProperties properties) {
        return Executors.newFixedThreadPool(properties.writerThreads(), r -> {
            Thread thread = new Thread(r, "snapshot-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    Snapshotter snapshotter(Configuration configuration, HandlerDefinition handlerDefinition,
                            ParameterResolverFactory parameterResolverFactory, EventStore eventStore,
                            TransactionManager transactionManager, ExecutorService snapshotWriters) {
        return SpringAggregateSnapshotter.builder()
                .repositoryProvider(configuration::repository)
                .transactionManager(transactionManager)
                .eventStore(eventStore)
                .parameterResolverFactory(parameterResolverFactory)
                .handlerDefinition(handlerDefinition)
                .executor(snapshotWriters)
                .build();
    }

    @Bean(AggregateBeans.PRODUCT_SNAPSHOTS)
    SnapshotTriggerDefinition productSnapshotTrigger(Snapshotter snapshotter, SnapshotProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.product());
    }

    @Bean(AggregateBeans.CUSTOMER_SNAPSHOTS)
    SnapshotTriggerDefinition customerSnapshotTrigger(Snapshotter snapshotter, SnapshotProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.customer());
    }

    @Bean(AggregateBeans.ORDER_SNAPSHOTS)
    SnapshotTriggerDefinition orderSnapshotTrigger(Snapshotter snapshotter, SnapshotProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.order());
    }

    @Bean(AggregateBeans.PAYMENT_SNAPSHOTS)
    SnapshotTriggerDefinition paymentSnapshotTrigger(Snapshotter snapshotter, SnapshotProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.payment());
    }

    @Bean(AggregateBeans.SHIPMENT_SNAPSHOTS)
    SnapshotTriggerDefinition shipmentSnapshotTrigger(Snapshotter snapshotter, SnapshotProperties properties) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, properties.shipment());
    }
}
