package io.annals.app.test;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/** The fulfilment saga journal's row of an order ({@code step}, {@code active}, {@code deadline_at}), as tests read it. */
public final class SagaJournal {

    private SagaJournal() {
    }

    /** @return the row, or an empty map while the saga has not started */
    public static Map<String, Object> of(JdbcTemplate jdbc, String orderId) {
        return jdbc.queryForList("SELECT step, active, deadline_at FROM fulfilment_saga WHERE order_id = ?", orderId)
                .stream().findFirst().orElse(Map.of());
    }

    /**
     * The row once the saga has ended. The saga and the orders projection are separate processors, so the order's
     * view may show the final status before the saga's own transaction has ended it.
     */
    public static Map<String, Object> ended(JdbcTemplate jdbc, String orderId) {
        return await("saga of order " + orderId + " ended").atMost(Duration.ofSeconds(30))
                .until(() -> of(jdbc, orderId), saga -> Boolean.FALSE.equals(saga.get("active")));
    }
}
