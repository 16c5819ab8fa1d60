package io.annals.choreography.provider;

import io.annals.choreography.circuit.ResilientCall;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.support.BasicAuthenticationInterceptor;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import java.net.http.HttpClient;
import java.util.List;
import java.util.function.Supplier;

/**
 * JSON over HTTP to one provider, each call behind that provider's {@link ResilientCall}. Translates the outcome into
 * the gateway contract: a refused call is {@link ProviderUnavailableException}, a declined or still failing one
 * {@link ProviderFailedException}.
 */
final class ProviderClient {

    private final RestClient rest;
    private final Supplier<String> baseUrl;
    private final ResilientCall resilience;

    ProviderClient(RestClient rest, Supplier<String> baseUrl, ResilientCall resilience) {
        this.rest = rest;
        this.baseUrl = baseUrl;
        this.resilience = resilience;
    }

    /**
     * Calls are observed (Micrometer's {@code http.client.requests}), so with tracing on each is a span of the
     * caller's trace and the provider receives its W3C {@code traceparent}.
     */
    static ProviderClient create(ProvidersProperties.Provider settings, ProviderTarget target,
                                 ResilientCall resilience, ObservationRegistry observations) {
        // HTTP/1.1: providers (and the sandbox on Tomcat) need no h2c upgrade dance on every new connection
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(http);
        requests.setReadTimeout(settings.readTimeout());
        RestClient.Builder rest = RestClient.builder()
                .requestFactory(requests)
                .observationRegistry(observations)
                .defaultHeaders(headers -> headers.setAccept(List.of(MediaType.APPLICATION_JSON)));
        if (target.username() != null && !target.username().isBlank()) {
            rest.requestInterceptor(new BasicAuthenticationInterceptor(target.username(),
                    target.password() == null ? "" : target.password()));
        }
        return new ProviderClient(rest.build(), target.baseUrl(), resilience);
    }

    /** POSTs {@code body} to {@code path} of the provider; the key makes repeats (retries included) harmless. */
    <T> T post(String path, String idempotencyKey, Object body, Class<T> answerType) {
        String provider = resilience.circuit();
        try {
            return resilience.call(() -> rest.post()
                    .uri(baseUrl.get() + path)
                    .contentType(MediaType.APPLICATION_JSON)
                    .header(ProviderWire.IDEMPOTENCY_KEY, idempotencyKey)
                    .body(body)
                    .retrieve()
                    .body(answerType));
        } catch (CallNotPermittedException refused) {
            throw new ProviderUnavailableException(provider, refused);
        } catch (HttpStatusCodeException answered) {
            if (ResilientCall.isTransient(answered)) {
                throw new ProviderFailedException(provider, "answered " + answered.getStatusCode().value()
                        + " after " + resilience.maxAttempts() + " attempts", answered);
            }
            throw new ProviderFailedException(provider, "declined with " + answered.getStatusCode().value(),
                    answered);
        } catch (ResourceAccessException unreachable) {
            throw new ProviderFailedException(provider, "unreachable after " + resilience.maxAttempts()
                    + " attempts", unreachable, true);
        } catch (RestClientException unexpected) {
            // e.g. an answer that is not the JSON we expect: retrying would not change it
            throw new ProviderFailedException(provider, "unexpected answer", unexpected, true);
        }
    }
}
