package io.annals.choreography.provider;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The provider gateways, each behind a retry around a circuit breaker named after its provider; their metrics
 * (bound to every meter registry by Spring Boot) and the {@code circuits} health component.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProvidersProperties.class)
public class ProviderConfiguration {

    private static final float PERCENT = 100f;

    @Bean
    CircuitBreakerRegistry circuitBreakerRegistry(ProvidersProperties providers) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        providers.byName().forEach((name, settings) ->
                registry.circuitBreaker(name, circuitBreakerConfig(settings.circuitBreaker())));
        return registry;
    }

    @Bean
    RetryRegistry retryRegistry(ProvidersProperties providers) {
        RetryRegistry registry = RetryRegistry.ofDefaults();
        providers.byName().forEach((name, settings) -> registry.retry(name, retryConfig(settings.retry())));
        return registry;
    }

    static CircuitBreakerConfig circuitBreakerConfig(ProvidersProperties.CircuitBreaker settings) {
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
                // a 4xx is not recorded as a failure, so it counts as a success: the provider is up and answering
                .recordException(ResilientCall::isTransient)
                .build();
    }

    static RetryConfig retryConfig(ProvidersProperties.Retry settings) {
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
    Circuits circuits(CircuitBreakerRegistry circuitBreakers, CircuitActivity activity) {
        return new Circuits(circuitBreakers, activity);
    }

    @Bean
    PaymentGateway paymentGateway(ProvidersProperties providers, CircuitBreakerRegistry circuitBreakers,
                                  RetryRegistry retries, ObjectProvider<DefaultProviderTargets> defaults) {
        return new HttpPaymentGateway(client(PaymentGateway.NAME, providers.payment(), circuitBreakers, retries,
                defaults));
    }

    @Bean
    ShippingGateway shippingGateway(ProvidersProperties providers, CircuitBreakerRegistry circuitBreakers,
                                    RetryRegistry retries, ObjectProvider<DefaultProviderTargets> defaults) {
        return new HttpShippingGateway(client(ShippingGateway.NAME, providers.shipping(), circuitBreakers, retries,
                defaults));
    }

    @Bean
    NotificationGateway notificationGateway(ProvidersProperties providers, CircuitBreakerRegistry circuitBreakers,
                                            RetryRegistry retries, ObjectProvider<DefaultProviderTargets> defaults) {
        return new HttpNotificationGateway(client(NotificationGateway.NAME, providers.notification(),
                circuitBreakers, retries, defaults));
    }

    private static ProviderClient client(String name, ProvidersProperties.Provider settings,
                                         CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
                                         ObjectProvider<DefaultProviderTargets> defaults) {
        CircuitBreaker breaker = circuitBreakers.circuitBreaker(name);
        Retry retry = retries.retry(name);
        return ProviderClient.create(settings, target(name, settings, defaults),
                new ResilientCall(name, breaker, retry));
    }

    static ProviderTarget target(String name, ProvidersProperties.Provider settings,
                                 ObjectProvider<DefaultProviderTargets> defaults) {
        if (settings.baseUrl() != null && !settings.baseUrl().isBlank()) {
            return ProviderTarget.fixed(settings.baseUrl(), settings.username(), settings.password());
        }
        DefaultProviderTargets fallback = defaults.getIfAvailable();
        if (fallback == null) {
            throw new IllegalStateException("annals.providers." + name + ".base-url is not set and the sandbox "
                    + "providers are off (annals.sandbox.enabled): set the provider's base URL");
        }
        return fallback.targetFor(name);
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
