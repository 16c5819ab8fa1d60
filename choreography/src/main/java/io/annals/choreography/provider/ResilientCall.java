package io.annals.choreography.provider;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientException;

import java.util.function.Supplier;

/**
 * One provider's protection: a retry around its circuit breaker, so every attempt counts in the breaker and a retry
 * stops as soon as the circuit opens. Translates the outcome into the gateway contract: a refused call is
 * {@link ProviderUnavailableException}, a declined or still failing one {@link ProviderFailedException}.
 */
final class ResilientCall {

    private final String provider;
    private final CircuitBreaker circuitBreaker;
    private final Retry retry;

    ResilientCall(String provider, CircuitBreaker circuitBreaker, Retry retry) {
        this.provider = provider;
        this.circuitBreaker = circuitBreaker;
        this.retry = retry;
    }

    /**
     * A failure worth another attempt and a sign of an unhealthy provider: a 5xx answer, a timeout or a connection
     * error. A 4xx is the provider's considered answer, and a refused call was never made.
     */
    static boolean isTransient(Throwable failure) {
        if (failure instanceof HttpStatusCodeException status) {
            return status.getStatusCode().is5xxServerError();
        }
        return failure instanceof ResourceAccessException;
    }

    <T> T call(Supplier<T> httpCall) {
        Supplier<T> protectedCall = Retry.decorateSupplier(retry,
                CircuitBreaker.decorateSupplier(circuitBreaker, httpCall));
        try {
            return protectedCall.get();
        } catch (CallNotPermittedException refused) {
            throw new ProviderUnavailableException(provider, refused);
        } catch (HttpStatusCodeException answered) {
            if (isTransient(answered)) {
                throw new ProviderFailedException(provider, "answered " + answered.getStatusCode().value()
                        + " after " + retry.getRetryConfig().getMaxAttempts() + " attempts", answered);
            }
            throw new ProviderFailedException(provider, "declined with " + answered.getStatusCode().value(),
                    answered);
        } catch (ResourceAccessException unreachable) {
            throw new ProviderFailedException(provider, "unreachable after "
                    + retry.getRetryConfig().getMaxAttempts() + " attempts", unreachable, true);
        } catch (RestClientException unexpected) {
            // e.g. an answer that is not the JSON we expect: retrying would not change it
            throw new ProviderFailedException(provider, "unexpected answer", unexpected, true);
        }
    }

    String provider() {
        return provider;
    }
}
