package io.annals.choreography.step;

import io.annals.choreography.circuit.CircuitBreakerSettings;
import io.annals.choreography.circuit.RetrySettings;
import io.annals.choreography.provider.ProvidersProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

class LongestHandlingTest {

    private static final CircuitBreakerSettings BREAKER = new CircuitBreakerSettings(0.5, 20,
            10, Duration.ofSeconds(10), 3, Duration.ofSeconds(30));

    @Test
    void aCallRunsEveryAttemptIntoBothTimeoutsAndWaitsTheLongestRandomizedBackoffBetweenThem() {
        // 3 × (2 s + 5 s); waits of at most 50 ms and 100 ms, each 50 % longer and 1 ms for rounding
        assertThat(LongestHandling.ofCall(provider(2, 5, retry(3, 50, 2, 0.5, 2000))))
                .isEqualTo(Duration.ofMillis(21_000 + 76 + 151));
    }

    @Test
    void noWaitIsLongerThanTheMaximumBackoff() {
        // waits 1,501 ms, then 15,001 and 150,001 capped at 2 s
        assertThat(LongestHandling.ofCall(provider(1, 1, retry(4, 1000, 10, 0.5, 2000))))
                .isEqualTo(Duration.ofMillis(8_000 + 1_501 + 2_000 + 2_000));
    }

    @Test
    void aSingleAttemptNeverWaits() {
        assertThat(LongestHandling.ofCall(provider(2, 5, retry(1, 50, 2, 0.5, 2000))))
                .isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void eachStepsEventMayMakeOneCallToItsOwnProvider() {
        ProvidersProperties.Provider payment = provider(1, 2, retry(1, 50, 2, 0, 2000));
        ProvidersProperties.Provider shipping = provider(10, 20, retry(1, 50, 2, 0, 2000));
        ProvidersProperties.Provider notification = provider(100, 100, retry(1, 50, 2, 0, 2000));

        assertThat(LongestHandling.perStepEvent(new ProvidersProperties(payment, shipping, notification)))
                .as("a charge or a refund, a shipment; never a notification (the batcher sends those)")
                .containsOnly(entry("payment-step", Duration.ofSeconds(3)), entry("shipping-step", Duration.ofSeconds(30)));
    }

    @Test
    void withTheDefaultProvidersOneEventMayCallForTwentyOneSeconds() {
        ProvidersProperties defaults = new Binder(new MapConfigurationPropertySource(Map.of()))
                .bindOrCreate("annals.providers", ProvidersProperties.class);

        assertThat(LongestHandling.perStepEvent(defaults)).containsOnly(
                entry("payment-step", Duration.ofMillis(21_227)), entry("shipping-step", Duration.ofMillis(21_227)));
    }

    private static ProvidersProperties.Provider provider(int connectSeconds, int readSeconds,
                                                         RetrySettings retry) {
        return new ProvidersProperties.Provider(null, Duration.ofSeconds(connectSeconds),
                Duration.ofSeconds(readSeconds), null, null, BREAKER, retry);
    }

    private static RetrySettings retry(int attempts, int initialMillis, double multiplier,
                                                   double randomization, int maxMillis) {
        return new RetrySettings(attempts, Duration.ofMillis(initialMillis), multiplier, randomization,
                Duration.ofMillis(maxMillis));
    }
}
