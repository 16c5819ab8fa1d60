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

/** The start-up rule that a segment claim outlasts a provider step's batch of provider calls. */
class StepClaimTimeoutCheckTest {

    private final ApplicationContextRunner testSubject = instanceRunning(EnumSet.allOf(Role.class));

    private static ApplicationContextRunner instanceRunning(Set<Role> roles) {
        return new ApplicationContextRunner()
                .withUserConfiguration(Settings.class, StepClaimTimeoutCheck.class)
                .withBean(Roles.class, () -> new Roles(roles))
                // the steps' batches as application.yml ships them
                .withPropertyValues("axon.eventhandling.processors.payment-step.batch-size=3",
                        "axon.eventhandling.processors.shipping-step.batch-size=3");
    }

    @EnableConfigurationProperties({ProcessorTuning.class, ProvidersProperties.class, EventProcessorProperties.class})
    static class Settings {
    }

    @Test
    void theDefaultsStart() {
        testSubject.run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aClaimTimeoutAStepCouldOutlastRefusesToStart() {
        testSubject.withPropertyValues("annals.axon.token-claim-timeout=60s").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("annals.axon.token-claim-timeout (60.000 s) must be longer than "
                            + "68.681 s: a batch of the payment-step processor (3 event(s)");
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
    void aSlowerProviderNeedsALongerClaimForItsOwnStep() {
        testSubject.withPropertyValues("annals.axon.token-claim-timeout=80s",
                        "annals.providers.shipping.read-timeout=10s")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageStartingWith("annals.axon.token-claim-timeout (80.000 s) must be longer than "
                                + "113.681 s: a batch of the shipping-step processor"));
    }

    @Test
    void biggerStepBatchesNeedALongerClaim() {
        testSubject.withPropertyValues("axon.eventhandling.processors.payment-step.batch-size=4")
                .run(context -> assertThat(context.getStartupFailure()).rootCause()
                        .hasMessageContaining("must be longer than 89.908 s: a batch of the payment-step processor "
                                + "(4 event(s)"));
    }

    @Test
    void theSagasBatchesAreNotBoundAsTheSagaCallsNoProvider() {
        testSubject.withPropertyValues("axon.eventhandling.processors.fulfilment.batch-size=1000")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void anInstanceWithoutTheSagaIsNotBound() {
        instanceRunning(Set.of(Role.QUERY, Role.COMMAND))
                .withPropertyValues("annals.axon.token-claim-timeout=10s")
                .run(context -> assertThat(context).hasNotFailed());
    }
}
