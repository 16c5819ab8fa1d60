package io.annals.app.fulfilment;

import io.annals.app.test.ApiClient;
import io.annals.app.test.Instances;
import io.annals.app.test.SagaJournal;
import io.annals.app.test.StoredEvents;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;

import static io.annals.app.test.ApiClient.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node stops while an order's saga waits for the payment provider: the saga's state and its deadline are in
 * PostgreSQL, so the next node picks both up and the order completes there.
 *
 * <p>Runs before the shared end-to-end context starts ({@link Order}), so the two nodes started here are the only
 * ones processing the saga.
 */
@Order(1)
class FulfilmentRestartTest {

    @Test
    void aSagaWaitingForPaymentCompletesOnTheNextNodeAfterARestart() {
        String orderId;
        String sku;
        try (ConfigurableApplicationContext first = startNode()) {
            ApiClient api = ApiClient.of(first);
            first.getBean(CircuitBreakerRegistry.class).circuitBreaker("payment").transitionToForcedOpenState();
            sku = api.registerProduct("RESTART", 10);
            String customerId = api.registerVisibleCustomer("restart");
            orderId = api.placeOrder(customerId, line(sku, 3, "2.00", "EUR"));

            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            // the saga asked for the payment in the transaction that scheduled its deadline; the journal is a
            // projection of its own, so it may show PAYING a moment before
            await("saga asked for payment").atMost(Duration.ofSeconds(30))
                    .until(() -> new StoredEvents(jdbc).count("PaymentRequested", orderId) > 0);
            Map<String, Object> waiting = await("saga waiting for payment").atMost(Duration.ofSeconds(30))
                    .until(() -> SagaJournal.of(jdbc, orderId), saga -> "PAYING".equals(saga.get("step")));
            assertThat(waiting.get("active")).isEqualTo(true);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks", Integer.class)).isPositive();
        }

        try (ConfigurableApplicationContext second = startNode()) {
            ApiClient api = ApiClient.of(second);
            JsonNode order = api.orderReaching(orderId, "COMPLETED", "CANCELLED");

            assertThat(order.path("status").asString()).as(order.toString()).isEqualTo("COMPLETED");
            assertThat(SagaJournal.ended(second.getBean(JdbcTemplate.class), orderId)).containsEntry("step", "COMPLETED");
            api.awaitStock(sku, 7, 0);
        }
    }

    private static ConfigurableApplicationContext startNode() {
        return Instances.start("--annals.fulfilment.provider-retry-interval=1s",
                "--annals.fulfilment.payment-timeout=120s");
    }
}
