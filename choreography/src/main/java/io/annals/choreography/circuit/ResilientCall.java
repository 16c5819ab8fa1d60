package io.annals.choreography.circuit;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;

import java.util.function.Supplier;

/**
 * One circuit's protection of an HTTP call: a retry around the circuit breaker, so every attempt counts in the
 * breaker and a retry stops as soon as the circuit opens. The caller sees either the answer, a
 * {@link CallNotPermittedException} (the circuit refused the call: it was not made), or the failure of the last
 * attempt; turning those into its own contract is the caller's business.
 */
public final class ResilientCall {

    private final String circuit;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;

    public ResilientCall(String circuit, CircuitBreaker circuitBreaker, Retry retry) {
        this.circuit = circuit;
        this.circuitBreaker = circuitBreaker;
        this.retry = retry;
    }

    /**
     * A failure worth another attempt and a sign of an unhealthy provider: a 5xx answer, a timeout or a connection
     * error. A 4xx is the provider's considered answer, and a refused call was never made.
     */
    public static boolean isTransient(Throwable failure) {
        if (failure instanceof HttpStatusCodeException status) {
            return status.getStatusCode().is5xxServerError();
        }
        return failure instanceof ResourceAccessException;
    }

    /** @throws CallNotPermittedException the circuit refused the call */
    public <T> T call(Supplier<T> httpCall) {
        return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(circuitBreaker, httpCall)).get();
    }

    /** Attempts in all, the first included. */
    public int maxAttempts() {
        return retry.getRetryConfig().getMaxAttempts();
    }

    public String circuit() {
        return circuit;
    }
}
