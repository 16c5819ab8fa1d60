package io.annals.app.deadline;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.serializer.JacksonSerializer;
import io.annals.app.processor.NodeName;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManagerSupplier;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.interceptors.CorrelationDataInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.config.SpringAxonConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;

/**
 * Axon's persistent deadlines: a {@link DbSchedulerDeadlineManager} on a db-scheduler {@link Scheduler} whose
 * executions live in PostgreSQL ({@code scheduled_tasks}, Flyway V6).
 *
 * <p>Guarantees:
 * <ul>
 *     <li>A deadline is stored in the transaction that schedules it (the scheduler's connections are
 *     {@link TransactionAwareDataSourceProxy transaction-aware}): a saga's deadline exists exactly when its state
 *     change committed, and survives restarts.</li>
 *     <li>With several instances on one database a due deadline fires once: db-scheduler picks an execution with an
 *     optimistic lock on its row, so only one instance wins it. A deadline whose instance crashed while running it
 *     fires again elsewhere after {@code heartbeat-interval × missed-heartbeats-limit}.</li>
 *     <li>The scheduler starts after Axon (deadlines find their sagas and aggregates) and stops before it, waiting up
 *     to {@code shutdown-max-wait} for running deadlines, long before the DataSource closes.</li>
 *     <li>Deadline details are the human-readable (JSON) variant, their payload, metadata and scope written by Axon's
 *     Jackson event serializer and the task data by db-scheduler's Jackson serializer: no Java serialization.</li>
 * </ul>
 *
 * <p>Not exposed as a {@code Scheduler} bean on purpose: one would switch on Axon's own
 * {@code AxonDbSchedulerAutoConfiguration} (binary task data and a second, unstarted scheduler setup).
 */
final class DeadlineScheduling implements SmartLifecycle {

    /** Right after Axon's configuration: started once Axon runs, stopped before Axon shuts down. */
    static final int PHASE = SpringAxonConfiguration.LIFECYCLE_PHASE + 1;

    private static final Logger log = LoggerFactory.getLogger(DeadlineScheduling.class);

    private final Scheduler scheduler;
    private final DbSchedulerDeadlineManager deadlineManager;
    private final boolean firesDeadlines;
    private volatile boolean running;

    DeadlineScheduling(DataSource dataSource, Configuration axon, Serializer eventSerializer,
                       TransactionManager transactionManager, DeadlineManagerSpanFactory spanFactory,
                       NodeName nodeName, DeadlineProperties properties, boolean firesDeadlines) {
        this.firesDeadlines = firesDeadlines;
        DbSchedulerDeadlineManagerSupplier deadlineManagerSupplier = new DbSchedulerDeadlineManagerSupplier();
        this.scheduler = Scheduler.create(new TransactionAwareDataSourceProxy(dataSource),
                        DbSchedulerDeadlineManager.humanReadableTask(deadlineManagerSupplier))
                .serializer(new JacksonSerializer())
                .schedulerName(new SchedulerName.Fixed(nodeName.value()))
                .pollingInterval(properties.pollingInterval())
                .threads(properties.threads())
                .heartbeatInterval(properties.heartbeatInterval())
                .missedHeartbeatsLimit(properties.missedHeartbeatsLimit())
                .shutdownMaxWait(properties.shutdownMaxWait())
                .build();
        this.deadlineManager = DbSchedulerDeadlineManager.builder()
                .scheduler(scheduler)
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(axon))
                .serializer(eventSerializer)
                .transactionManager(transactionManager)
                .spanFactory(spanFactory)
                .useBinaryPojo(false)
                // this lifecycle starts and stops the scheduler, not Axon's (which would start it before the
                // Spring context is complete)
                .startScheduler(false)
                .stopScheduler(false)
                .build();
        deadlineManager.registerHandlerInterceptor(new LazyCorrelationDataInterceptor(axon));
        deadlineManagerSupplier.set(deadlineManager);
    }

    /** The deadline manager Axon hands to sagas and aggregates. */
    public DbSchedulerDeadlineManager deadlineManager() {
        return deadlineManager;
    }

    @Override
    public void start() {
        if (firesDeadlines) {
            scheduler.start();
        } else {
            log.info("This instance runs no saga: it schedules deadlines but leaves firing them to saga instances");
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (firesDeadlines) {
            log.info("Stopping the deadline scheduler; running deadlines may finish");
            scheduler.stop();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /**
     * Gives a fired deadline's unit of work the correlation data of the message that scheduled it, so commands sent
     * by a deadline handler keep the correlation and causation ids of the request that started the saga. Built on
     * first use: the providers come from Axon's configuration, which is not complete while this bean is created.
     */
    private static final class LazyCorrelationDataInterceptor implements MessageHandlerInterceptor<DeadlineMessage<?>> {

        private final Configuration axon;
        private volatile CorrelationDataInterceptor<DeadlineMessage<?>> delegate;

        private LazyCorrelationDataInterceptor(Configuration axon) {
            this.axon = axon;
        }

        @Override
        public Object handle(UnitOfWork<? extends DeadlineMessage<?>> unitOfWork,
                             InterceptorChain interceptorChain) throws Exception {
            CorrelationDataInterceptor<DeadlineMessage<?>> interceptor = delegate;
            if (interceptor == null) {
                interceptor = new CorrelationDataInterceptor<>(axon.correlationDataProviders());
                delegate = interceptor;
            }
            return interceptor.handle(unitOfWork, interceptorChain);
        }
    }
}
