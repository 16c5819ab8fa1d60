package io.annals.app.test;

import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;

/** The fulfilment saga journal's row of an order ({@code step}, {@code active}, {@code deadline_at}), as tests read it. */
public final class SagaJournal {

    private SagaJournal() {
    }

    /** @return the row, or an empty map while the saga has not started */
    public static Map<String, Object> of(JdbcTemplate jdbc, String orderId) {
        return jdbc.queryForList("SELECT step, active, deadline_at FROM fulfilment_saga WHERE order_id = ?", orderId)
                .stream().findFirst().orElse(Map.of());
    }
}
