package io.annals.db.test;

import io.annals.db.EmbeddedPostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The one PostgreSQL 17 of a test JVM, started on first use and shared by every test in that JVM.
 *
 * <p>With a Docker engine it is a Testcontainers {@code postgres:17} container (removed by Testcontainers when the
 * JVM exits); without one it is a temporary embedded server from zonky's binaries, the same PostgreSQL the service
 * runs by default (stopped and deleted by zonky's shutdown hook). The choice is logged. Tests sharing it must use
 * their own unique ids, so they stay independent and may run in any order or in parallel.
 */
public final class TestDatabase {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static final String POSTGRES_IMAGE = "postgres:17-alpine";

    private final String jdbcUrl;
    private final String username;
    private final String password;
    private final String description;

    private TestDatabase(String jdbcUrl, String username, String password, String description) {
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
        this.description = description;
    }

    /** The JVM's test database; starts it on the first call. */
    public static TestDatabase instance() {
        return Holder.INSTANCE;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return username;
    }

    /** For the embedded server, the password it generated for its superuser. */
    public String password() {
        return password;
    }

    /** Which kind of server this is, for log lines and failure messages. */
    public String description() {
        return description;
    }

    private static TestDatabase start() {
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer(POSTGRES_IMAGE);
            container.start();
            log.info("test database: Testcontainers {} at {}", POSTGRES_IMAGE, container.getJdbcUrl());
            return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
                    "Testcontainers " + POSTGRES_IMAGE);
        }
        EmbeddedPostgresServer server = EmbeddedPostgresServer.startTemporary();
        log.info("test database: no Docker engine, temporary embedded PostgreSQL at {}", server.jdbcUrl());
        return new TestDatabase(server.jdbcUrl(), server.username(), server.password(),
                "embedded PostgreSQL (zonky)");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            log.info("Docker detection failed ({}); using the embedded PostgreSQL", e.toString());
            return false;
        }
    }

    /** Lazy, thread-safe, once per JVM (class initialisation). */
    private static final class Holder {
        private static final TestDatabase INSTANCE = start();
    }
}
