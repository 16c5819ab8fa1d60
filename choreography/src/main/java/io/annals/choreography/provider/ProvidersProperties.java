package io.annals.choreography.provider;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
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

    /** The providers by circuit name ({@code payment}, {@code shipping}, {@code notification}). */
    public Map<String, Provider> byName() {
        return Map.of(PaymentGateway.NAME, payment, ShippingGateway.NAME, shipping,
                NotificationGateway.NAME, notification);
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
                           @Valid @DefaultValue CircuitBreaker circuitBreaker,
                           @Valid @DefaultValue Retry retry) {

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

    /**
     * A count-based circuit breaker.
     *
     * @param failureRateThreshold     share of failed calls (transient failures only: 5xx, timeouts, IO) in the
     *                                 sliding window at which the circuit opens, in (0, 1]
     * @param slidingWindowSize        how many of the latest calls the failure rate is computed over
     * @param minimumNumberOfCalls     calls needed in the window before the failure rate counts
     * @param waitInOpen               the reset timeout: how long an open circuit refuses calls before it lets
     *                                 trial calls through (HALF_OPEN)
     * @param permittedCallsInHalfOpen trial calls in HALF_OPEN; their failure rate decides CLOSED or OPEN again
     * @param maxWaitInHalfOpen        longest stay in HALF_OPEN before it opens again; 0 = wait for the permitted
     *                                 calls however long that takes
     */
    public record CircuitBreaker(@DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
                                 @DefaultValue("0.5") double failureRateThreshold,
                                 @Min(1) @DefaultValue("20") int slidingWindowSize,
                                 @Min(1) @DefaultValue("10") int minimumNumberOfCalls,
                                 @NotNull @DefaultValue("10s") Duration waitInOpen,
                                 @Min(1) @DefaultValue("3") int permittedCallsInHalfOpen,
                                 @NotNull @DefaultValue("30s") Duration maxWaitInHalfOpen) {
    }

    /**
     * Retry of transient failures (5xx, timeouts, connection errors) with exponential backoff and jitter; a declined
     * request (4xx) and a call refused by the open circuit are never retried.
     *
     * @param maxAttempts    attempts in all, the first included (1 = no retry)
     * @param initialBackoff wait before the second attempt
     * @param multiplier     growth of the wait per attempt
     * @param randomization  jitter: each wait is drawn from ±this share around its nominal value, in [0, 1)
     * @param maxBackoff     the longest wait between two attempts
     */
    public record Retry(@Min(1) @DefaultValue("3") int maxAttempts,
                        @NotNull @DefaultValue("50ms") Duration initialBackoff,
                        @DecimalMin("1") @DefaultValue("2") double multiplier,
                        @DecimalMin("0") @DecimalMax(value = "1", inclusive = false)
                        @DefaultValue("0.5") double randomization,
                        @NotNull @DefaultValue("2s") Duration maxBackoff) {
    }
}
