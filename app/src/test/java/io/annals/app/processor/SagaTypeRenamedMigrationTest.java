package io.annals.app.processor;

import com.github.kagkarlsson.scheduler.serializer.JacksonSerializer;
import io.annals.app.eventstore.EventStoreConfiguration;
import io.annals.choreography.fulfilment.OrderFulfilmentSaga;
import io.annals.db.test.TestDatabase;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.deadline.dbscheduler.DbSchedulerHumanReadableDeadlineDetails;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.modelling.saga.AnnotatedSagaManager;
import org.axonframework.modelling.saga.AssociationValue;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.axonframework.modelling.saga.repository.AnnotatedSagaRepository;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18: the fulfilment saga's class was renamed ({@code OrderFulfilment} → {@link OrderFulfilmentSaga}), and
 * migration V12 lets sagas started before the rename go on. A saga and a pending deadline are stored as the old class
 * name left them, in the real saga store and deadline table of the shared test database; the new class cannot find
 * them until the migration's SQL has run, and then it can.
 */
class SagaTypeRenamedMigrationTest {

    private static final String MIGRATION = "db/migration/V12__saga_type_renamed.sql";
    private static final String OLD_TYPE = "io.annals.choreography.fulfilment.OrderFulfilment";
    private static final String OLD_SIMPLE_NAME = "OrderFulfilment";
    /** db-scheduler's task name for Axon's deadlines (DbSchedulerDeadlineToken.TASK_NAME). */
    private static final String DEADLINE_TASK = "AxonDeadline";
    private static final Instant FAR_FUTURE = Instant.parse("2999-01-01T00:00:00Z");

    private final EventStoreConfiguration eventStore = new EventStoreConfiguration();
    private final Serializer serializer = eventStore.serializer();
    private final Serializer eventSerializer = eventStore.eventSerializer();
    private final JacksonSerializer taskDataSerializer = new JacksonSerializer();
    private final String sagaId = UUID.randomUUID().toString();
    private final AssociationValue order = new AssociationValue("orderId", "order-" + UUID.randomUUID());
    private final String deadlineId = UUID.randomUUID().toString();

    private DriverManagerDataSource dataSource;
    private JdbcTemplate jdbc;
    private SagaStore<Object> sagaStore;
    private AnnotatedSagaManager<OrderFulfilmentSaga> sagaManager;

    @BeforeEach
    void migratedDatabase() {
        TestDatabase database = TestDatabase.instance();
        dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        sagaStore = new ProcessorConfiguration().sagaStore(new DataSourceConnectionProvider(dataSource), serializer);
        sagaManager = AnnotatedSagaManager.<OrderFulfilmentSaga>builder()
                .sagaType(OrderFulfilmentSaga.class)
                .sagaRepository(AnnotatedSagaRepository.<OrderFulfilmentSaga>builder()
                        .sagaType(OrderFulfilmentSaga.class)
                        .sagaStore(sagaStore)
                        .build())
                .build();
    }

    @AfterEach
    void removeRows() {
        jdbc.update("DELETE FROM association_value_entry WHERE saga_id = ?", sagaId);
        jdbc.update("DELETE FROM saga_entry WHERE saga_id = ?", sagaId);
        jdbc.update("DELETE FROM scheduled_tasks WHERE task_name = ? AND task_instance = ?", DEADLINE_TASK,
                deadlineId);
    }

    @Test
    void aSagaStoredUnderTheOldClassNameIsFoundAndLoadedAfterTheMigration() {
        sagaStore.insertSaga(OrderFulfilmentSaga.class, sagaId, new OrderFulfilmentSaga(), Set.of(order));
        assertThat(storedTypes())
                .as("Axon stores the fully-qualified class name, which the migration renames")
                .containsOnly(OrderFulfilmentSaga.class.getName());
        storeAsBeforeTheRename();
        assertThat(sagaStore.findSagas(OrderFulfilmentSaga.class, order)).as("before the migration").isEmpty();

        runTheMigration();

        assertThat(sagaStore.findSagas(OrderFulfilmentSaga.class, order)).containsExactly(sagaId);
        SagaStore.Entry<OrderFulfilmentSaga> entry = sagaStore.loadSaga(OrderFulfilmentSaga.class, sagaId);
        assertThat(entry.saga()).isInstanceOf(OrderFulfilmentSaga.class);
        assertThat(entry.associationValues()).containsExactly(order);
    }

    @Test
    void aDeadlineScheduledByTheOldClassReachesTheRenamedSagaAfterTheMigration() {
        scheduleDeadlineOf(new SagaScopeDescriptor(OLD_SIMPLE_NAME, sagaId));
        assertThat(sagaManager.canResolve(storedDeadlineScope())).as("before the migration").isFalse();

        runTheMigration();

        ScopeDescriptor scope = storedDeadlineScope();
        assertThat(scope).isEqualTo(new SagaScopeDescriptor(OrderFulfilmentSaga.class.getSimpleName(), sagaId));
        assertThat(sagaManager.canResolve(scope)).isTrue();
    }

    private void storeAsBeforeTheRename() {
        jdbc.update("UPDATE saga_entry SET saga_type = ? WHERE saga_id = ?", OLD_TYPE, sagaId);
        jdbc.update("UPDATE association_value_entry SET saga_type = ? WHERE saga_id = ?", OLD_TYPE, sagaId);
    }

    private Set<String> storedTypes() {
        return Set.copyOf(jdbc.queryForList("""
                SELECT saga_type FROM saga_entry WHERE saga_id = ?
                UNION SELECT saga_type FROM association_value_entry WHERE saga_id = ?""",
                String.class, sagaId, sagaId));
    }

    /** The task data as DeadlineScheduling's deadline manager writes it: human-readable details, JSON throughout. */
    private void scheduleDeadlineOf(SagaScopeDescriptor scope) {
        DbSchedulerHumanReadableDeadlineDetails details = new DbSchedulerHumanReadableDeadlineDetails("paymentTimeout",
                eventSerializer.serialize(scope, String.class).getData(), SagaScopeDescriptor.class.getName(),
                null, null, null, "{}");
        jdbc.update("""
                INSERT INTO scheduled_tasks (task_name, task_instance, task_data, execution_time, picked, version)
                VALUES (?, ?, ?, ?, FALSE, 1)""",
                DEADLINE_TASK, deadlineId, taskDataSerializer.serialize(details), Timestamp.from(FAR_FUTURE));
    }

    private ScopeDescriptor storedDeadlineScope() {
        byte[] taskData = jdbc.queryForObject(
                "SELECT task_data FROM scheduled_tasks WHERE task_name = ? AND task_instance = ?", byte[].class,
                DEADLINE_TASK, deadlineId);
        return taskDataSerializer.deserialize(DbSchedulerHumanReadableDeadlineDetails.class, taskData)
                .getDeserializedScopeDescriptor(eventSerializer);
    }

    private void runTheMigration() {
        new ResourceDatabasePopulator(new ClassPathResource(MIGRATION)).execute(dataSource);
    }
}
