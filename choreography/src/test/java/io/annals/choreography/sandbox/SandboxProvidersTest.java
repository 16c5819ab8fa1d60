package io.annals.choreography.sandbox;

import io.annals.kernel.error.EntityNotFoundException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxProvidersTest {

    private final SandboxProviders testSubject = new SandboxProviders(2);

    @Test
    void everyProviderStartsPerfect() {
        SandboxProviders.NAMES.forEach(name ->
                assertThat(testSubject.settings(name)).isEqualTo(new SandboxSettings(0, 0)));
    }

    @Test
    void settingsChangePerProvider() {
        testSubject.update("shipping", new SandboxSettings(0.25, 40));

        assertThat(testSubject.settings("shipping")).isEqualTo(new SandboxSettings(0.25, 40));
        assertThat(testSubject.settings("payment")).isEqualTo(new SandboxSettings(0, 0));
    }

    @Test
    void anUnknownProviderIsNotFound() {
        assertThatThrownBy(() -> testSubject.settings("billing")).isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> testSubject.update("billing", new SandboxSettings(0, 0)))
                .isInstanceOf(EntityNotFoundException.class);
    }

    @Test
    void aRepeatedKeyGetsTheFirstAnswerPerOperation() {
        AtomicInteger answers = new AtomicInteger();

        int first = testSubject.answerOnce("charge", "k", answers::incrementAndGet);
        int again = testSubject.answerOnce("charge", "k", answers::incrementAndGet);
        int otherOperation = testSubject.answerOnce("refund", "k", answers::incrementAndGet);

        assertThat(again).isEqualTo(first);
        assertThat(otherOperation).isNotEqualTo(first);
    }

    @Test
    void theOldestKeysAreForgottenBeyondTheBound() {
        AtomicInteger answers = new AtomicInteger();
        int first = testSubject.answerOnce("charge", "k1", answers::incrementAndGet);
        testSubject.answerOnce("charge", "k2", answers::incrementAndGet);
        testSubject.answerOnce("charge", "k3", answers::incrementAndGet);

        assertThat((int) testSubject.answerOnce("charge", "k1", answers::incrementAndGet)).isNotEqualTo(first);
    }
}
