package io.annals.choreography.circuit;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Retry of transient failures (5xx, timeouts, connection errors) with exponential backoff and jitter; a declined
 * request (4xx) and a call refused by the open circuit are never retried (bound under
 * {@code annals.providers.<name>.retry}).
 *
 * @param maxAttempts    attempts in all, the first included (1 = no retry)
 * @param initialBackoff wait before the second attempt
 * @param multiplier     growth of the wait per attempt
 * @param randomization  jitter: each wait is drawn from ±this share around its nominal value, in [0, 1)
 * @param maxBackoff     the longest wait between two attempts
 */
public record RetrySettings(@Min(1) @DefaultValue("3") int maxAttempts,
                            @NotNull @DefaultValue("50ms") Duration initialBackoff,
                            @DecimalMin("1") @DefaultValue("2") double multiplier,
                            @DecimalMin("0") @DecimalMax(value = "1", inclusive = false)
                            @DefaultValue("0.5") double randomization,
                            @NotNull @DefaultValue("2s") Duration maxBackoff) {
}
