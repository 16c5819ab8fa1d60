package io.annals.app.deadletter;

import io.annals.app.eventstore.EventStoreConfiguration;
import io.annals.choreography.deadletter.DeadLetterTables;
import io.annals.db.test.TestDatabase;
import io.annals.kernel.product.ProductStockReserved;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.messaging.deadletter.SequencedDeadLetterQueue;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 18 renamed four product events; the event store reads the old names through an upcaster, but Axon's JDBC
 * dead-letter queue reads a parked event without one. A letter parked under the old name {@code StockReserved}, in
 * either dead-letter table of the shared test database, comes back as the renamed event only once migration V13's
 * SQL has run.
 */
class RenamedEventsDeadLetterMigrationTest {

    private static final String MIGRATION = "db/migration/V13__renamed_events_in_dead_letters.sql";
    private static final String OLD_TYPE = "io.annals.kernel.product.StockReserved";

    private final EventStoreConfiguration eventStore = new EventStoreConfiguration();
    private final String group = "renamed-" + UUID.randomUUID();
    private final String orderId = UUID.randomUUID().toString();
    private final ProductStockReserved reserved = new ProductStockReserved("sku-renamed", orderId, 3);

    private DriverManagerDataSource dataSource;
    private JdbcTemplate jdbc;

    @BeforeEach
    void migratedDatabase() {
        TestDatabase database = TestDatabase.instance();
        dataSource = new DriverManagerDataSource(database.jdbcUrl(), database.username(), database.password());
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
    }

    @AfterEach
    void removeRows() {
        jdbc.update("DELETE FROM dead_letter_entry WHERE processing_group = ?", group);
        jdbc.update("DELETE FROM fulfilment_dead_letter_entry WHERE processing_group = ?", group);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dead_letter_entry", "fulfilment_dead_letter_entry"})
    void aLetterParkedUnderTheOldNameReadsAsTheRenamedEventAfterTheMigration(String table) {
        SequencedDeadLetterQueue<EventMessage<?>> queue = queue(table);
        queue.enqueue(orderId, new GenericDeadLetter<>(orderId, GenericEventMessage.asEventMessage(reserved)));
        int parkedBeforeTheRename = jdbc.update("UPDATE " + table + " SET payload_type = ? WHERE processing_group = ?",
                OLD_TYPE, group);
        assertThat(parkedBeforeTheRename).isOne();
        assertThat(parkedPayload(queue)).as("without the migration").isNotEqualTo(reserved);

        new ResourceDatabasePopulator(new ClassPathResource(MIGRATION)).execute(dataSource);

        assertThat(parkedPayload(queue)).isEqualTo(reserved);
    }

    private SequencedDeadLetterQueue<EventMessage<?>> queue(String table) {
        return JdbcSequencedDeadLetterQueue.<EventMessage<?>>builder()
                .processingGroup(group)
                .connectionProvider(new DataSourceConnectionProvider(dataSource))
                .transactionManager(NoTransactionManager.INSTANCE)
                .schema(DeadLetterTables.schema(table))
                .genericSerializer(eventStore.serializer())
                .eventSerializer(eventStore.eventSerializer())
                .build();
    }

    /** The parked event's payload, or why it could not be read. */
    private Object parkedPayload(SequencedDeadLetterQueue<EventMessage<?>> queue) {
        try {
            return queue.deadLetterSequence(orderId).iterator().next().message().getPayload();
        } catch (RuntimeException unreadable) {
            return unreadable;
        }
    }
}
