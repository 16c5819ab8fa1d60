package io.annals.app.provider;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.ProviderHold;
import io.annals.app.test.SandboxProviders;
import io.annals.choreography.provider.PaymentGateway;
import io.annals.choreography.provider.ProviderFailedException;
import io.annals.choreography.provider.ProviderUnavailableException;
import io.annals.choreography.provider.ShippingGateway;
import io.annals.kernel.Money;
import io.annals.kernel.order.Address;
import io.annals.kernel.order.OrderLine;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.annals.app.test.ApiClient.ADMIN;
import static io.annals.app.test.ApiClient.WRITER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * API.md "operations": the providers' circuits, their reset, and their state in actuator health.
 *
 * <p>Each test has the circuits to itself: it holds every other provider call away from them ({@link ProviderHold}),
 * starts from closed, empty circuits and healthy sandbox providers, and makes the calls it asserts on itself, through
 * the real gateways, retries and circuits. The provider settings (application.yml) decide the numbers: 3 attempts per
 * call, and a circuit opens once 10 calls in its window failed at a rate of at least 50 %.
 */
@EndToEndTest
class CircuitAdminTest {

    private static final Money AMOUNT = new Money(new BigDecimal("7.25"), "EUR");
    private static final Address ADDRESS = new Address("1 Analytical Way", "London", "NW1 6XE", "GB");
    private static final int ATTEMPTS_PER_CALL = 3;
    private static final int CALLS_TO_OPEN = 10;

    private final ApiClient admin;
    private final SandboxProviders providers;
    private final ProviderHold otherWork;
    private final PaymentGateway payments;
    private final ShippingGateway shipping;
    private Instant start;

    CircuitAdminTest(@LocalServerPort int port, @Autowired CircuitBreakerRegistry circuits,
                     @Autowired ProviderHold otherWork, @Autowired PaymentGateway payments,
                     @Autowired ShippingGateway shipping) {
        ApiClient api = ApiClient.onPort(port);
        admin = api.as(ADMIN);
        providers = new SandboxProviders(api, circuits);
        this.otherWork = otherWork;
        this.payments = payments;
        this.shipping = shipping;
    }

    @BeforeEach
    void theCircuitsToThisTestAlone() {
        otherWork.hold();
        providers.restore();
        start = Instant.now();
    }

    @AfterEach
    void restoreProviders() {
        providers.restore();
        otherWork.release();
    }

    @Test
    void theThreeCircuitsAreListedWithTheirStateAndCounts() {
        String paymentId = id("pay");
        payments.charge(paymentId, id("order"), AMOUNT);
        payments.refund(paymentId, AMOUNT);
        providers.set("payment", "1", 0);
        assertThatThrownBy(() -> payments.charge(id("pay"), id("order"), AMOUNT))
                .isInstanceOf(ProviderFailedException.class);
        openShippingByFailures();

        Answer answer = admin.get("/api/admin/circuits");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        answer.json().forEach(circuit -> names.add(circuit.path("name").asString()));
        assertThat(names).containsExactly("payment", "shipping", "notification");
        JsonNode payment = answer.json().get(0);
        assertCircuit(payment, "CLOSED", 2 + ATTEMPTS_PER_CALL, ATTEMPTS_PER_CALL, 0);
        assertThat(payment.path("failureRate").asDouble()).as("fewer calls than the minimum: no rate yet").isZero();
        assertRecent(payment, "lastSuccessAt");
        assertRecent(payment, "lastFailureAt");
        JsonNode shippingCircuit = answer.json().get(1);
        assertCircuit(shippingCircuit, "OPEN", CALLS_TO_OPEN, CALLS_TO_OPEN, 1);
        assertThat(shippingCircuit.path("failureRate").asDouble()).isEqualTo(1.0);
        assertRecent(shippingCircuit, "lastFailureAt");
        JsonNode notification = answer.json().get(2);
        assertCircuit(notification, "CLOSED", 0, 0, 0);
        assertThat(notification.path("failureRate").asDouble()).isZero();
        for (JsonNode circuit : answer.json()) {
            for (String timestamp : new String[]{"lastFailureAt", "lastSuccessAt"}) {
                // omitted when it never happened, never null
                assertThat(circuit.path(timestamp).isNull()).as(circuit.toString()).isFalse();
            }
        }
    }

    @Test
    void aResetClosesAnOpenCircuitAndForgetsItsWindow() {
        openShippingByFailures();
        assertThat(circuit("shipping").path("state").asString()).isEqualTo("OPEN");

        Answer reset = admin.post("/api/admin/circuits/shipping/reset", "");

        assertThat(reset.status()).as(reset.body()).isEqualTo(200);
        assertThat(reset.json().path("name").asString()).isEqualTo("shipping");
        assertCircuit(reset.json(), "CLOSED", 0, 0, 0);
        assertThat(reset.json().path("failureRate").asDouble()).isZero();
        assertCircuit(circuit("shipping"), "CLOSED", 0, 0, 0);
        assertRecent(reset.json(), "lastFailureAt"); // a fact about the provider, kept across the reset
    }

    @Test
    void anUnknownCircuitIsNotFound() {
        admin.post("/api/admin/circuits/billing/reset", "").assertProblem(404);
    }

    @Test
    void onlyAdminsSeeCircuits() {
        admin.as(WRITER).get("/api/admin/circuits").assertProblem(403);
        admin.as(WRITER).post("/api/admin/circuits/payment/reset", "").assertProblem(403);
    }

    @Test
    void healthShowsEveryCircuitToAdminsAndStaysUpWhileOneIsOpen() {
        openShippingByFailures();

        Answer health = admin.get("/actuator/health");

        assertThat(health.status()).as(health.body()).isEqualTo(200);
        JsonNode circuits = health.json().path("components").path("circuits");
        assertThat(circuits.path("status").asString()).isEqualTo("UP");
        assertThat(circuits.path("details").path("payment").asString()).isEqualTo("CLOSED");
        assertThat(circuits.path("details").path("shipping").asString()).isEqualTo("OPEN");
        assertThat(circuits.path("details").path("notification").asString()).isEqualTo("CLOSED");
    }

    @Test
    void circuitAndRetryMetricsArePublishedForPrometheus() {
        Answer scrape = admin.get("/actuator/prometheus");

        assertThat(scrape.status()).isEqualTo(200);
        for (String name : new String[]{"payment", "shipping", "notification"}) {
            assertThat(scrape.body()).containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"" + name + "\"")
                    .containsPattern("resilience4j_retry_calls_total\\{[^}]*name=\"" + name + "\"");
        }
    }

    /**
     * With every shipment failing, three shipments fail after their 3 attempts (9 failed calls); the fourth's first
     * attempt is the 10th failure, which opens the circuit, and its retry is refused (1 call not permitted).
     */
    private void openShippingByFailures() {
        providers.set("shipping", "1", 0);
        int failingShipments = CALLS_TO_OPEN / ATTEMPTS_PER_CALL;
        for (int i = 0; i < failingShipments; i++) {
            assertThatThrownBy(this::ship).isInstanceOf(ProviderFailedException.class);
        }
        assertThatThrownBy(this::ship).isInstanceOf(ProviderUnavailableException.class);
    }

    private void ship() {
        shipping.createShipment(id("ship"), id("order"), ADDRESS, List.of(new OrderLine("TEA-1", 1, AMOUNT)));
    }

    private JsonNode circuit(String name) {
        Answer answer = admin.get("/api/admin/circuits");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        for (JsonNode circuit : answer.json()) {
            if (circuit.path("name").asString().equals(name)) {
                return circuit;
            }
        }
        throw new AssertionError("no circuit " + name + " in " + answer.body());
    }

    private static void assertCircuit(JsonNode circuit, String state, int calls, int failedCalls,
                                      long notPermittedCalls) {
        assertThat(circuit.path("state").asString()).as(circuit.toString()).isEqualTo(state);
        assertThat(circuit.path("calls").asInt()).as("calls in %s", circuit).isEqualTo(calls);
        assertThat(circuit.path("failedCalls").asInt()).as("failed calls in %s", circuit).isEqualTo(failedCalls);
        assertThat(circuit.path("notPermittedCalls").asLong()).as("refused calls in %s", circuit)
                .isEqualTo(notPermittedCalls);
    }

    /** The timestamp is present and from this test. */
    private void assertRecent(JsonNode circuit, String timestamp) {
        assertThat(circuit.path(timestamp).isString()).as("%s in %s", timestamp, circuit).isTrue();
        assertThat(Instant.parse(circuit.path(timestamp).asString())).as("%s in %s", timestamp, circuit)
                .isBetween(start, Instant.now());
    }

    private static String id(String label) {
        return label + "-" + UUID.randomUUID();
    }
}
