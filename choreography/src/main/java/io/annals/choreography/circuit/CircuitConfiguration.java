package io.annals.choreography.circuit;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A retry around a circuit breaker for every {@link CircuitDefinitions defined} circuit, both named after it; their
 * metrics (bound to every meter registry by Spring Boot), the {@code circuits} health component and the views the
 * admin API shows.
 */
@Configuration(proxyBeanMethods = false)
public class CircuitConfiguration {

    private static final float PERCENT = 100f;

    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(List<CircuitDefinitions> circuits) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        all(circuits).forEach(circuit -> registry.circuitBreaker(circuit.name(),
                circuitBreakerConfig(circuit.circuitBreaker(), circuit.failure())));
        return registry;
    }

    @Bean
    RetryRegistry retryRegistry(List<CircuitDefinitions> circuits) {
        RetryRegistry registry = RetryRegistry.ofDefaults();
        all(circuits).filter(circuit -> circuit.retry() != null)
                .forEach(circuit -> registry.retry(circuit.name(), retryConfig(circuit.retry())));
        return registry;
    }

    private static Stream<CircuitDefinitions.Definition> all(List<CircuitDefinitions> circuits) {
        return circuits.stream().flatMap(definitions -> definitions.all().stream());
    }

    static CircuitBreakerConfig circuitBreakerConfig(CircuitBreakerSettings settings) {
        return circuitBreakerConfig(settings, ResilientCall::isTransient);
    }

    static CircuitBreakerConfig circuitBreakerConfig(CircuitBreakerSettings settings, Predicate<Throwable> failure) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .failureRateThreshold((float) settings.failureRateThreshold() * PERCENT)
                .waitDurationInOpenState(settings.waitInOpen())
                // so that an idle circuit shows HALF_OPEN once the wait is over, not only at the next call
                .automaticTransitionFromOpenToHalfOpenEnabled(true)
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsInHalfOpen())
                .maxWaitDurationInHalfOpenState(settings.maxWaitInHalfOpen())
                // for a provider, a 4xx is not recorded as a failure, so it counts as a success: the provider is up
                // and answering
                .recordException(failure)
                .build();
    }

    static RetryConfig retryConfig(RetrySettings settings) {
        return RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(),
                        settings.multiplier(), settings.randomization(), settings.maxBackoff()))
                // never a refused call (CallNotPermittedException) nor a declined request (4xx)
                .retryOnException(ResilientCall::isTransient)
                .build();
    }

    @Bean
    CircuitActivity circuitActivity(CircuitBreakerRegistry circuitBreakers) {
        return new CircuitActivity(circuitBreakers);
    }

    @Bean
    Circuits circuits(CircuitBreakerRegistry circuitBreakers, CircuitActivity activity,
                      List<CircuitDefinitions> definitions) {
        return new Circuits(circuitBreakers, activity,
                definitions.stream().flatMap(circuits -> circuits.names().stream()).toList());
    }

    @Bean
    MeterBinder circuitBreakerMetrics(CircuitBreakerRegistry circuitBreakers) {
        return TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(circuitBreakers);
    }

    @Bean
    MeterBinder retryMetrics(RetryRegistry retries) {
        return TaggedRetryMetrics.ofRetryRegistry(retries);
    }

    @Bean
    CircuitsHealthIndicator circuitsHealthIndicator(Circuits circuits) {
        return new CircuitsHealthIndicator(circuits);
    }
}
