package io.annals.db;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;


/**
 * The one data source of Annals: PostgreSQL, either the one named by {@code spring.datasource.url} or, when none is
 * configured, an embedded server started here before anything needs a connection.
 *
 * <p>The pool is wrapped in a {@link LazyPooledDataSource}: a transaction takes a physical connection only at its
 * first statement, so a command that waits for an aggregate's lock holds no connection while it waits (see the
 * "snapshot + small pool deadlock" trap in ARCHITECTURE.md).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@EnableConfigurationProperties(EmbeddedPostgresProperties.class)
public class AnnalsDataSourceAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(AnnalsDataSourceAutoConfiguration.class);

    @Bean(destroyMethod = "close")
    @Conditional(NoDataSourceUrlCondition.class)
    EmbeddedPostgresServer embeddedPostgresServer(EmbeddedPostgresProperties properties) {
        log.info("no spring.datasource.url configured: starting the embedded PostgreSQL in {}",
                properties.dataDir().toAbsolutePath().normalize());
        return EmbeddedPostgresServer.start(properties.dataDir(), properties.port(), properties.serverConfig());
    }

    /** Destroyed before the embedded server it depends on, so the pool closes while PostgreSQL still runs. */
    @Bean(destroyMethod = "close")
    @Primary
    LazyPooledDataSource dataSource(Environment environment, ObjectProvider<EmbeddedPostgresServer> embedded) {
        HikariDataSource pool = new HikariDataSource();
        Binder binder = Binder.get(environment);
        binder.bind("spring.datasource.hikari", Bindable.ofInstance(pool));
        pool.setPoolName("annals");
        EmbeddedPostgresServer server = embedded.getIfAvailable();
        if (server != null) {
            pool.setJdbcUrl(server.jdbcUrl());
            pool.setUsername(server.username());
            pool.setPassword(server.password());
        } else {
            pool.setJdbcUrl(environment.getRequiredProperty("spring.datasource.url"));
            pool.setUsername(environment.getProperty("spring.datasource.username"));
            pool.setPassword(environment.getProperty("spring.datasource.password"));
        }
        log.info("PostgreSQL in use: {} ({})", pool.getJdbcUrl(), server != null ? "embedded" : "external");
        return new LazyPooledDataSource(pool);
    }

}
