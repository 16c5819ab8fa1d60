package io.annals.app.fulfilment;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.StoredEvents;
import io.annals.app.test.SandboxProviders;
import io.annals.choreography.sandbox.SandboxProviders.CallCount;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static io.annals.app.test.ApiClient.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16: a provider step that dies between the provider's answer and the recorded event is handed its request
 * again, calls the provider again with the same idempotency key, and records the answer once: the customer is
 * charged once.
 */
@EndToEndTest
class PaymentStepCrashTest {

    private static final String GROUP = "payment-step";

    private final ApiClient testSubject;
    private final ApiClient admin;
    private final StoredEvents storedEvents;
    private final io.annals.choreography.sandbox.SandboxProviders sandbox;
    private final SandboxProviders providers;
    private final PaymentRecordFaults faults;

    PaymentStepCrashTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc,
                         @Autowired io.annals.choreography.sandbox.SandboxProviders sandbox,
                         @Autowired CircuitBreakerRegistry circuits, @Autowired PaymentRecordFaults faults) {
        testSubject = ApiClient.onPort(port);
        admin = testSubject.as(ApiClient.ADMIN);
        storedEvents = new StoredEvents(jdbc);
        this.sandbox = sandbox;
        providers = new SandboxProviders(testSubject, circuits);
        this.faults = faults;
    }

    @AfterEach
    void restoreProviders() {
        providers.restore();
    }

    @Test
    void aChargeAnsweredButNotRecordedIsRecordedOnceAfterTheRetryAndChargedOnce() {
        String tea = testSubject.registerProduct("TEA", 10);
        String customerId = testSubject.registerVisibleCustomer("buyer");
        providers.holdPayments(); // the order waits for its charge until the fault is in place
        String orderId = testSubject.placeOrder(customerId, line(tea, 2, "3.50", "EUR"));
        testSubject.orderReaching(orderId, "STOCK_RESERVED");
        faults.dieOnceAfterTheCharge(orderId);
        String paymentId = UUID.nameUUIDFromBytes(("payment:" + orderId).getBytes(StandardCharsets.UTF_8)).toString();

        providers.restore(); // the saga's next retry charges, and the step dies before recording the answer

        await("the payment step's request parked after it died").atMost(Duration.ofSeconds(60))
                .until(() -> parked(orderId));
        assertThat(sandbox.calls("payment/charges", paymentId)).isEqualTo(new CallCount(1, 1));
        assertThat(storedEvents.count("PaymentTaken", paymentId)).isZero();

        Answer retry = admin.post("/api/admin/dead-letters/" + GROUP + "/retry", "");

        assertThat(retry.status()).as(retry.body()).isEqualTo(202);
        JsonNode order = testSubject.orderReaching(orderId, "COMPLETED", "CANCELLED");
        assertThat(order.path("status").asString()).as(order.toString()).isEqualTo("COMPLETED");
        assertThat(order.path("paymentId").asString()).isEqualTo(paymentId);
        assertThat(storedEvents.count("PaymentTaken", paymentId)).isEqualTo(1);
        assertThat(sandbox.calls("payment/charges", paymentId)).as("asked twice, charged once")
                .isEqualTo(new CallCount(2, 1));
    }

    private boolean parked(String orderId) {
        Answer answer = admin.get("/api/admin/dead-letters?group=" + GROUP + "&limit=1000");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        for (JsonNode letter : answer.json()) {
            if (letter.path("sequenceId").asString().equals(orderId)) {
                return true;
            }
        }
        return false;
    }
}
