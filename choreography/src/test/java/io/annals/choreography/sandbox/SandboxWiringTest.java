package io.annals.choreography.sandbox;

import io.annals.choreography.provider.DefaultProviderTargets;
import io.annals.choreography.provider.ProviderTarget;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The sandbox exists only when it is on, and then points providers at this server's own port. */
class SandboxWiringTest {

    @Configuration(proxyBeanMethods = false)
    @ComponentScan(basePackageClasses = SandboxConfiguration.class)
    static class SandboxPackage {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(SandboxPackage.class);

    @Test
    void offMeansNoSandboxEndpointsAndNoDefaultTargets() {
        runner.withPropertyValues("annals.sandbox.enabled=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SandboxProviderController.class);
            assertThat(context).doesNotHaveBean(SandboxAdminController.class);
            assertThat(context).doesNotHaveBean(DefaultProviderTargets.class);
        });
    }

    @Test
    void onServesTheProvidersAndTargetsTheServersOwnPortAsTheDemoWriter() {
        runner.withPropertyValues("annals.sandbox.enabled=true", "local.server.port=43123").run(context -> {
            assertThat(context).hasSingleBean(SandboxProviderController.class);
            assertThat(context).hasSingleBean(SandboxAdminController.class);

            ProviderTarget target = context.getBean(DefaultProviderTargets.class).targetFor("shipping");

            assertThat(target.baseUrl().get()).isEqualTo("http://localhost:43123/sandbox/shipping");
            assertThat(target.username()).isEqualTo("writer");
            assertThat(target.password()).isEqualTo("writer-pw");
        });
    }

    @Test
    void beforeTheServerListensACallIsATransientFailure() {
        runner.withPropertyValues("annals.sandbox.enabled=true").run(context ->
                assertThatThrownBy(() -> context.getBean(DefaultProviderTargets.class).targetFor("payment")
                        .baseUrl().get()).isInstanceOf(ResourceAccessException.class));
    }

    @Test
    void thePasswordStaysOutOfTheSettingsDescription() {
        runner.withPropertyValues("annals.sandbox.enabled=true", "annals.sandbox.password=top-secret-pw")
                .run(context -> assertThat(context.getBean(SandboxProperties.class).toString())
                        .doesNotContain("top-secret-pw"));
    }
}
