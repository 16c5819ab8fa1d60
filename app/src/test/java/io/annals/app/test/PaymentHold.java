package io.annals.app.test;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

/**
 * Keeps new orders cancellable: while held, the payment circuit is forced open, so the fulfilment saga reserves the
 * stock and then waits (retrying) instead of paying — the order stays STOCK_RESERVED until the hold is released or
 * the payment deadline passes. Release it in an {@code @AfterEach}: the circuit is shared by every test.
 */
public final class PaymentHold {

    private final CircuitBreaker payment;

    public PaymentHold(CircuitBreakerRegistry circuits) {
        this.payment = circuits.circuitBreaker("payment");
    }

    public void engage() {
        payment.transitionToForcedOpenState();
    }

    public void release() {
        payment.reset();
    }
}
