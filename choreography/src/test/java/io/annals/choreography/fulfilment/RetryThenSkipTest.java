package io.annals.choreography.fulfilment;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryThenSkipTest {

    private final RetryThenSkip testSubject = new RetryThenSkip(3);

    @Test
    void aFailurePropagatesUntilTheLastAttemptThenTheEventIsSkipped() {
        EventMessage<?> poison = GenericEventMessage.asEventMessage("poison");
        IllegalStateException failure = new IllegalStateException("boom");

        assertThatThrownBy(() -> testSubject.onError(failure, poison, null)).isSameAs(failure);
        assertThatThrownBy(() -> testSubject.onError(failure, poison, null)).isSameAs(failure);
        assertThatCode(() -> testSubject.onError(failure, poison, null)).doesNotThrowAnyException();
    }

    @Test
    void attemptsAreCountedPerEvent() {
        EventMessage<?> first = GenericEventMessage.asEventMessage("first");
        EventMessage<?> second = GenericEventMessage.asEventMessage("second");
        IllegalStateException failure = new IllegalStateException("boom");

        assertThatThrownBy(() -> testSubject.onError(failure, first, null)).isSameAs(failure);
        assertThatThrownBy(() -> testSubject.onError(failure, first, null)).isSameAs(failure);
        assertThatThrownBy(() -> testSubject.onError(failure, second, null)).isSameAs(failure);
    }
}
