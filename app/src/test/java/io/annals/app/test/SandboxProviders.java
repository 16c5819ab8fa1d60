package io.annals.app.test;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in sandbox providers and their circuits, as tests steer them. Both are shared by every test of the JVM:
 * call {@link #restore()} in an {@code @AfterEach} of any test that changes them.
 */
public final class SandboxProviders {

    private static final List<String> NAMES = List.of("payment", "shipping", "notification");

    private final ApiClient admin;
    private final CircuitBreakerRegistry circuits;

    public SandboxProviders(ApiClient api, CircuitBreakerRegistry circuits) {
        this.admin = api.as(ApiClient.ADMIN);
        this.circuits = circuits;
    }

    /** Sets a sandbox provider's behaviour ({@code PUT /api/admin/sandbox/{provider}}). */
    public void set(String provider, String failureRate, int latencyMs) {
        ApiClient.Answer answer = admin.put("/api/admin/sandbox/" + provider,
                "{\"failureRate\": " + failureRate + ", \"latencyMs\": " + latencyMs + "}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    }

    /**
     * Keeps new orders cancellable: the payment circuit is forced open, so the fulfilment saga reserves the stock
     * and then waits (retrying) instead of paying — an order stays STOCK_RESERVED until {@link #restore()} or its
     * payment deadline.
     */
    public void holdPayments() {
        circuits.circuitBreaker("payment").transitionToForcedOpenState();
    }

    /** Every provider answers at once and never fails; every circuit is closed. */
    public void restore() {
        for (String provider : NAMES) {
            set(provider, "0", 0);
            circuits.circuitBreaker(provider).reset();
        }
    }
}
