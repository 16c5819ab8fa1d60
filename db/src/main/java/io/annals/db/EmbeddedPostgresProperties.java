package io.annals.db;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * Settings of the embedded PostgreSQL that Annals starts when no {@code spring.datasource.url} is configured.
 *
 * @param dataDir where the cluster lives; survives restarts (default {@code ./data/postgres})
 * @param port    TCP port on loopback; 0 picks a free port at every start
 */
@ConfigurationProperties("annals.embedded-postgres")
public record EmbeddedPostgresProperties(
        @DefaultValue("./data/postgres") Path dataDir,
        @DefaultValue("0") int port) {
}
