package io.annals.db;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Settings of the embedded PostgreSQL that Annals starts when no {@code spring.datasource.url} is configured.
 *
 * @param dataDir      where the cluster lives; survives restarts (default {@code ./data/postgres})
 * @param port         TCP port on loopback; 0 picks a free port at every start
 * @param serverConfig PostgreSQL settings over Annals' defaults, e.g.
 *                     {@code annals.embedded-postgres.server-config.shared-buffers=1GB}; a {@code -} in a name stands
 *                     for PostgreSQL's {@code _} (Spring drops {@code _} from map keys outside brackets). fsync,
 *                     synchronous commits and full-page writes cannot be set (the start fails naming the setting)
 */
@ConfigurationProperties("annals.embedded-postgres")
public record EmbeddedPostgresProperties(
        @DefaultValue("./data/postgres") Path dataDir,
        @DefaultValue("0") int port,
        Map<String, String> serverConfig) {

    public EmbeddedPostgresProperties {
        Map<String, String> settings = new HashMap<>();
        if (serverConfig != null) {
            serverConfig.forEach((name, value) -> settings.put(name.replace('-', '_').toLowerCase(Locale.ROOT), value));
        }
        serverConfig = Map.copyOf(settings);
    }
}
