package io.annals.app.processor;

import io.annals.app.test.EndToEndTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Read-model projections commit without waiting for the WAL flush; every other transaction (commands, the saga)
 * waits for it, so nothing acknowledged can be lost.
 */
@EndToEndTest
class AsyncCommitTest {

    private static final String SETTING = "SELECT current_setting('synchronous_commit')";

    private final EventProcessingConfiguration processing;
    private final JdbcTemplate jdbc;

    AsyncCommitTest(@Autowired EventProcessingConfiguration processing, @Autowired JdbcTemplate jdbc) {
        this.processing = processing;
        this.jdbc = jdbc;
    }

    @ParameterizedTest
    @ValueSource(strings = {"products", "customers", "orders"})
    void aProjectionsTransactionCommitsAsynchronously(String projection) {
        String setting = processing.transactionManager(projection)
                .fetchInTransaction(() -> jdbc.queryForObject(SETTING, String.class));

        assertThat(setting).isEqualTo("off");
    }

    @Test
    void theSagasTransactionWaitsForTheFlush() {
        String setting = processing.transactionManager("fulfilment")
                .fetchInTransaction(() -> jdbc.queryForObject(SETTING, String.class));

        assertThat(setting).isEqualTo("on");
    }

    @Test
    void theSettingEndsWithTheTransaction() {
        processing.transactionManager("products").executeInTransaction(() -> jdbc.execute("SELECT 1"));

        assertThat(jdbc.queryForObject(SETTING, String.class)).as("outside any projection transaction").isEqualTo("on");
    }
}
