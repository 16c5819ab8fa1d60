package io.annals.choreography.circuit;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * A count-based circuit breaker (bound under {@code annals.providers.<name>.circuit-breaker}).
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
public record CircuitBreakerSettings(@DecimalMin(value = "0", inclusive = false) @DecimalMax("1")
                                     @DefaultValue("0.5") double failureRateThreshold,
                                     @Min(1) @DefaultValue("20") int slidingWindowSize,
                                     @Min(1) @DefaultValue("10") int minimumNumberOfCalls,
                                     @NotNull @DefaultValue("10s") Duration waitInOpen,
                                     @Min(1) @DefaultValue("3") int permittedCallsInHalfOpen,
                                     @NotNull @DefaultValue("30s") Duration maxWaitInHalfOpen) {
}
