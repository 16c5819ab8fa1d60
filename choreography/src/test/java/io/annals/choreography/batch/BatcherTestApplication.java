package io.annals.choreography.batch;

import io.annals.db.AnnalsDataSourceAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Just what the batcher needs: the shared test PostgreSQL (db test-jar) migrated by Flyway, a JDBC transaction
 * manager, and the batcher's own configuration. No Axon, no web: the batcher depends on neither.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({AnnalsDataSourceAutoConfiguration.class, DataSourceAutoConfiguration.class,
        DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
        TransactionAutoConfiguration.class, FlywayAutoConfiguration.class, ValidationAutoConfiguration.class})
@Import(BatcherConfiguration.class)
class BatcherTestApplication {
}
