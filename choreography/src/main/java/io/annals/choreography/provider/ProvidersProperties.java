package io.annals.choreography.provider;

import io.annals.choreography.circuit.CircuitBreakerSettings;
import io.annals.choreography.circuit.RetrySettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the payment, shipping and notification providers are reached and protected ({@code annals.providers.*}).
 * Every provider has the same settings and defaults.
 */
@ConfigurationProperties("annals.providers")
@Validated
public record ProvidersProperties(@Valid @DefaultValue Provider payment,
                                  @Valid @DefaultValue Provider shipping,
                                  @Valid @DefaultValue Provider notification) {

    /** The providers by circuit name, in the order API.md lists the circuits: payment, shipping, notification. */
    public Map<String, Provider> byName() {
        Map<String, Provider> byName = new LinkedHashMap<>();
        byName.put(PaymentGateway.NAME, payment);
        byName.put(ShippingGateway.NAME, shipping);
        byName.put(NotificationGateway.NAME, notification);
        return Collections.unmodifiableMap(byName);
    }

    /**
     * One provider.
     *
     * @param baseUrl        e.g. {@code https://pay.example.com/v1}; when unset and the sandbox is on, the app's own
     *                       sandbox provider; when unset and the sandbox is off, start-up fails
     * @param connectTimeout how long to wait for a TCP connection
     * @param readTimeout    how long to wait for the answer of one attempt (a timeout is a transient failure)
     * @param username       HTTP Basic user; none when unset
     * @param password       HTTP Basic password; never logged
     * @param circuitBreaker when to stop calling a failing provider
     * @param retry          how transient failures are retried
     */
    public record Provider(String baseUrl,
                           @NotNull @DefaultValue("2s") Duration connectTimeout,
                           @NotNull @DefaultValue("5s") Duration readTimeout,
                           String username,
                           String password,
                           @Valid @DefaultValue CircuitBreakerSettings circuitBreaker,
                           @Valid @DefaultValue RetrySettings retry) {

        public boolean hasCredentials() {
            return username != null && !username.isBlank();
        }

        @Override
        public String toString() {
            // the password must not reach a log through a property dump
            return "Provider[baseUrl=" + baseUrl + ", connectTimeout=" + connectTimeout + ", readTimeout="
                    + readTimeout + ", username=" + username + ", password=" + (password == null ? null : "****")
                    + ", circuitBreaker=" + circuitBreaker + ", retry=" + retry + "]";
        }
    }
}
