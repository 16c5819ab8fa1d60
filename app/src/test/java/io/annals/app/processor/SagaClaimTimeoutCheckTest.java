package io.annals.app.processor;

import io.annals.app.role.Roles;
import io.annals.choreography.provider.ProvidersProperties;
import io.annals.kernel.role.Role;
import org.axonframework.springboot.EventProcessorProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up rule that a segment claim outlasts a fulfilment batch's provider calls. */
class SagaClaimTimeoutCheckTest {

    private final ApplicationContextRunner testSubject = instanceRunning(EnumSet.allOf(Role.class));

    private static ApplicationContextRunner instanceRunning(Set<Role> roles) {
        return new ApplicationContextRunner()
                .withUserConfiguration(Settings.class, SagaClaimTimeoutCheck.class)
                .withBean(Roles.class, () -> new Roles(roles));
    }

    @EnableConfigurationProperties({ProcessorTuning.class, ProvidersProperties.class, EventProcessorProperties.class})
    static class Settings {
    }

    @Test
    void theDefaultsStart() {
        testSubject.run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aClaimTimeoutTheSagaCouldOutlastRefusesToStart() {
        testSubject.withPropertyValues("annals.axon.token-claim-timeout=30s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("annals.axon.token-claim-timeout (30.000 s) must be longer than "
                            + "68.681 s: a batch of the fulfilment saga (1 event(s)");
        });
    }

    @Test
    void aClaimTimeoutOfExactlyTheWorstCaseRefusesToStart() {
        testSubject.withPropertyValues("annals.axon.token-claim-timeout=68681ms")
                .run(context -> assertThat(context).hasFailed());
        testSubject.withPropertyValues("annals.axon.token-claim-timeout=68682ms")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void slowerProvidersNeedALongerClaim() {
        testSubject.withPropertyValues("annals.providers.shipping.read-timeout=10s")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("must be longer than 83.681 s"));
    }

    @Test
    void biggerSagaBatchesNeedALongerClaim() {
        testSubject.withPropertyValues("axon.eventhandling.processors.fulfilment.batch-size=2")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("must be longer than 132.362 s"));
    }

    @Test
    void anInstanceWithoutTheSagaIsNotBound() {
        instanceRunning(Set.of(Role.QUERY, Role.COMMAND))
                .withPropertyValues("annals.axon.token-claim-timeout=10s")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
