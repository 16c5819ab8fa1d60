package io.annals.choreography.provider;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.annals.choreography.circuit.CircuitView;
import io.annals.choreography.circuit.Circuits;
import io.annals.kernel.Money;
import io.annals.kernel.error.EntityNotFoundException;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A provider outage against a stub server: failures open the circuit, the open circuit refuses calls without
 * reaching the provider, after the wait it lets trial calls through (HALF_OPEN), and once they succeed it is CLOSED.
 */
class ProviderOutageTest {

    @RegisterExtension
    static final WireMockExtension provider = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort())
            .build();

    private static final Money AMOUNT = new Money(new BigDecimal("3.00"), "EUR");
    private static final String CHARGES = "/payment/charges";
    private static final int WINDOW = 4;
    private static final int PERMITTED_IN_HALF_OPEN = 2;
    private static final Duration WAIT_IN_OPEN = Duration.ofMillis(500);

    /** Two attempts per call; the circuit judges the last four attempts once it has four. */
    private static ApplicationContextRunner context(String... more) {
        String prefix = "annals.providers.payment.";
        String[] base = {
                prefix + "retry.max-attempts=2",
                prefix + "circuit-breaker.failure-rate-threshold=0.5",
                prefix + "circuit-breaker.sliding-window-size=" + WINDOW,
                prefix + "circuit-breaker.minimum-number-of-calls=" + WINDOW,
                prefix + "circuit-breaker.wait-in-open=" + WAIT_IN_OPEN.toMillis() + "ms",
                prefix + "circuit-breaker.permitted-calls-in-half-open=" + PERMITTED_IN_HALF_OPEN,
                prefix + "circuit-breaker.max-wait-in-half-open=0s"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return ProviderContexts.against(provider.baseUrl(), all);
    }

    private static String paymentId() {
        return "pay-" + UUID.randomUUID();
    }

    @Test
    void anOutageOpensTheCircuitWhichRefusesCallsThenHalfOpensAndClosesOnceTheProviderRecovered() {
        provider.stubFor(post(CHARGES).willReturn(aResponse().withStatus(503)));

        context().run(context -> {
            PaymentGateway payments = context.getBean(PaymentGateway.class);
            Circuits circuits = context.getBean(Circuits.class);

            // two calls of two failing attempts each: four failures in a window of four
            for (int call = 0; call < WINDOW / 2; call++) {
                assertThatThrownBy(() -> payments.charge(paymentId(), "o", AMOUNT))
                        .isInstanceOf(ProviderFailedException.class);
            }
            provider.verify(WINDOW, postRequestedFor(urlEqualTo(CHARGES)));
            CircuitView open = circuits.view("payment");
            assertThat(open.state()).isEqualTo("OPEN");
            assertThat(open.failureRate()).isEqualTo(1.0);
            assertThat(open.calls()).isEqualTo(WINDOW);
            assertThat(open.failedCalls()).isEqualTo(WINDOW);
            assertThat(open.lastFailureAt()).isNotNull();
            assertThat(open.lastSuccessAt()).isNull();

            // refused without a request: not a failure of the payment, the caller waits and tries again
            assertThatThrownBy(() -> payments.charge(paymentId(), "o", AMOUNT))
                    .isInstanceOf(ProviderUnavailableException.class);
            provider.verify(WINDOW, postRequestedFor(urlEqualTo(CHARGES)));
            assertThat(circuits.view("payment").notPermittedCalls()).isEqualTo(1);
            assertThat(context.getBean("circuitsHealthIndicator", HealthIndicator.class).health().getDetails())
                    .containsEntry("payment", "OPEN").containsEntry("shipping", "CLOSED");

            await("half-open after the wait in open state").atMost(Duration.ofSeconds(10))
                    .until(() -> circuits.view("payment").state(), "HALF_OPEN"::equals);
            provider.stubFor(post(CHARGES).willReturn(okJson("{\"providerReference\": \"back\"}")));

            for (int call = 0; call < PERMITTED_IN_HALF_OPEN; call++) {
                assertThat(payments.charge(paymentId(), "o", AMOUNT).providerReference()).isEqualTo("back");
            }
            CircuitView closed = circuits.view("payment");
            assertThat(closed.state()).isEqualTo("CLOSED");
            assertThat(closed.lastSuccessAt()).isNotNull();
            assertThat(closed.lastFailureAt()).isBefore(closed.lastSuccessAt());
            provider.verify(WINDOW + PERMITTED_IN_HALF_OPEN, postRequestedFor(urlEqualTo(CHARGES)));
        });
    }

    @Test
    void aCircuitOpeningDuringTheRetriesStopsThemAndTheCallIsUnavailable() {
        provider.stubFor(post(CHARGES).willReturn(aResponse().withStatus(500)));

        // three attempts allowed, but the circuit opens after the second failure
        context("annals.providers.payment.retry.max-attempts=3",
                "annals.providers.payment.circuit-breaker.sliding-window-size=2",
                "annals.providers.payment.circuit-breaker.minimum-number-of-calls=2").run(context -> {
            assertThatThrownBy(() -> context.getBean(PaymentGateway.class).charge(paymentId(), "o", AMOUNT))
                    .isInstanceOf(ProviderUnavailableException.class);
            provider.verify(2, postRequestedFor(urlEqualTo(CHARGES)));
        });
    }

    @Test
    void declinedCallsDoNotOpenTheCircuit() {
        provider.stubFor(post(CHARGES).willReturn(aResponse().withStatus(402)));

        context().run(context -> {
            for (int call = 0; call < WINDOW * 2; call++) {
                assertThatThrownBy(() -> context.getBean(PaymentGateway.class).charge(paymentId(), "o", AMOUNT))
                        .isInstanceOf(ProviderFailedException.class);
            }
            CircuitView circuit = context.getBean(Circuits.class).view("payment");
            assertThat(circuit.state()).isEqualTo("CLOSED");
            assertThat(circuit.failedCalls()).isZero();
            assertThat(circuit.failureRate()).isZero();
        });
    }

    @Test
    void aResetClosesAnOpenCircuit() {
        provider.stubFor(post(CHARGES).willReturn(aResponse().withStatus(503)));

        context().run(context -> {
            for (int call = 0; call < WINDOW / 2; call++) {
                assertThatThrownBy(() -> context.getBean(PaymentGateway.class).charge(paymentId(), "o", AMOUNT))
                        .isInstanceOf(ProviderFailedException.class);
            }
            Circuits circuits = context.getBean(Circuits.class);
            assertThat(circuits.view("payment").state()).isEqualTo("OPEN");

            CircuitView reset = circuits.reset("payment");

            assertThat(reset.state()).isEqualTo("CLOSED");
            assertThat(reset.calls()).isZero();
            assertThat(reset.failureRate()).isZero();
            assertThatThrownBy(() -> circuits.reset("billing")).isInstanceOf(EntityNotFoundException.class);
        });
    }

    @Test
    void circuitsAreListedInOrderAndHealthStaysUp() {
        context().run(context -> {
            assertThat(context.getBean(Circuits.class).list()).extracting(CircuitView::name)
                    .containsExactly("payment", "shipping", "notification");
            Health health = context.getBean("circuitsHealthIndicator", HealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsOnlyKeys("payment", "shipping", "notification");
        });
    }

    @Test
    void circuitAndRetryMetricsAreTaggedByProvider() {
        context().run(context -> {
            SimpleMeterRegistry meters = new SimpleMeterRegistry();
            context.getBeansOfType(MeterBinder.class).values().forEach(binder -> binder.bindTo(meters));

            assertThat(meters.find("resilience4j.circuitbreaker.state").tag("name", "payment")
                    .tag("state", "closed").gauge().value()).isEqualTo(1.0);
            assertThat(meters.find("resilience4j.retry.calls").tag("name", "shipping").meters()).isNotEmpty();
        });
    }
}
