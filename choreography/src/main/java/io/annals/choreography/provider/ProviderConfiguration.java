package io.annals.choreography.provider;

import io.annals.choreography.circuit.CircuitConfiguration;
import io.annals.choreography.circuit.CircuitDefinitions;
import io.annals.choreography.circuit.ResilientCall;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The provider gateways, each behind the circuit (a retry around a circuit breaker) named after its provider. The
 * circuits are defined here, from {@code annals.providers.*}, and built by {@link CircuitConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProvidersProperties.class)
@Import(CircuitConfiguration.class)
public class ProviderConfiguration {

    @Bean
    CircuitDefinitions circuitDefinitions(ProvidersProperties providers) {
        return new CircuitDefinitions(providers.byName().entrySet().stream()
                .map(provider -> new CircuitDefinitions.Definition(provider.getKey(),
                        provider.getValue().circuitBreaker(), provider.getValue().retry()))
                .toList());
    }

    @Bean
    PaymentGateway paymentGateway(ProvidersProperties providers, CircuitBreakerRegistry circuitBreakers,
                                  RetryRegistry retries, ObjectProvider<DefaultProviderTargets> defaults,
                                  ObjectProvider<ObservationRegistry> observations) {
        return new HttpPaymentGateway(client(PaymentGateway.NAME, providers.payment(), circuitBreakers, retries,
                defaults, observations));
    }

    @Bean
    ShippingGateway shippingGateway(ProvidersProperties providers, CircuitBreakerRegistry circuitBreakers,
                                    RetryRegistry retries, ObjectProvider<DefaultProviderTargets> defaults,
                                  ObjectProvider<ObservationRegistry> observations) {
        return new HttpShippingGateway(client(ShippingGateway.NAME, providers.shipping(), circuitBreakers, retries,
                defaults, observations));
    }

    @Bean
    NotificationGateway notificationGateway(ProvidersProperties providers, CircuitBreakerRegistry circuitBreakers,
                                            RetryRegistry retries, ObjectProvider<DefaultProviderTargets> defaults,
                                  ObjectProvider<ObservationRegistry> observations) {
        return new HttpNotificationGateway(client(NotificationGateway.NAME, providers.notification(),
                circuitBreakers, retries, defaults, observations));
    }

    private static ProviderClient client(String name, ProvidersProperties.Provider settings,
                                         CircuitBreakerRegistry circuitBreakers, RetryRegistry retries,
                                         ObjectProvider<DefaultProviderTargets> defaults,
                                         ObjectProvider<ObservationRegistry> observations) {
        return ProviderClient.create(settings, target(name, settings, defaults),
                new ResilientCall(name, circuitBreakers.circuitBreaker(name), retries.retry(name)),
                observations.getIfAvailable(() -> ObservationRegistry.NOOP));
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
}
