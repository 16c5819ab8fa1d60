package io.annals.choreography.sandbox;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox is on in the demo profile unless said otherwise. */
class SandboxEnabledConditionTest {

    private static final String EXTERNAL_DB = "jdbc:postgresql://db.internal/annals";

    @Test
    void onWithTheEmbeddedDatabase() {
        assertThat(SandboxEnabledCondition.isEnabled(new MockEnvironment())).isTrue();
    }

    @Test
    void offWithAnExternalDatabase() {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url", EXTERNAL_DB);

        assertThat(SandboxEnabledCondition.isEnabled(environment)).isFalse();
    }

    @Test
    void onWithAnExternalDatabaseWhenTheDemoUsersAre() {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url", EXTERNAL_DB)
                .withProperty("annals.security.demo-users", "true");

        assertThat(SandboxEnabledCondition.isEnabled(environment)).isTrue();
    }

    @Test
    void offWithTheEmbeddedDatabaseWhenTheDemoUsersAreOff() {
        MockEnvironment environment = new MockEnvironment().withProperty("annals.security.demo-users", "false");

        assertThat(SandboxEnabledCondition.isEnabled(environment)).isFalse();
    }

    @Test
    void theExplicitSettingWins() {
        assertThat(SandboxEnabledCondition.isEnabled(new MockEnvironment()
                .withProperty("annals.sandbox.enabled", "false"))).isFalse();
        assertThat(SandboxEnabledCondition.isEnabled(new MockEnvironment()
                .withProperty("spring.datasource.url", EXTERNAL_DB)
                .withProperty("annals.sandbox.enabled", "true"))).isTrue();
    }
}
