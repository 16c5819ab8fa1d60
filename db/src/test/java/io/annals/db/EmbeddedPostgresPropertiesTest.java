package io.annals.db;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How PostgreSQL settings are written in Spring configuration. */
class EmbeddedPostgresPropertiesTest {

    @Test
    void aHyphenStandsForPostgresqlsUnderscoreAndNamesAreLowerCased() {
        EmbeddedPostgresProperties properties = bind(Map.of(
                "annals.embedded-postgres.server-config.shared-preload-libraries", "pg_stat_statements",
                "annals.embedded-postgres.server-config[work_mem]", "24MB",
                "annals.embedded-postgres.server-config[Checkpoint_Timeout]", "15min"));

        assertThat(properties.serverConfig()).containsOnly(
                Map.entry("shared_preload_libraries", "pg_stat_statements"),
                Map.entry("work_mem", "24MB"),
                Map.entry("checkpoint_timeout", "15min"));
    }

    @Test
    void withoutSettingsTheDefaultsApply() {
        EmbeddedPostgresProperties properties = bind(Map.of("annals.embedded-postgres.port", "5433"));

        assertThat(properties.serverConfig()).isEmpty();
        assertThat(properties.port()).isEqualTo(5433);
    }

    private static EmbeddedPostgresProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("annals.embedded-postgres", EmbeddedPostgresProperties.class);
    }
}
