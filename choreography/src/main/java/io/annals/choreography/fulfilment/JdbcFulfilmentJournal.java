package io.annals.choreography.fulfilment;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/** The journal in table {@code fulfilment_saga}; joins the saga's (Spring-managed) transaction. */
@Component
class JdbcFulfilmentJournal implements FulfilmentJournal {

    /**
     * The saga type the admin API lists ({@code type} in API.md). A published name, so it is fixed here rather than
     * taken from the class: renaming {@link OrderFulfilmentSaga} must not change what operators see.
     */
    static final String SAGA_TYPE = "OrderFulfilment";

    private final JdbcTemplate jdbc;
    private final FulfilmentSettings settings;

    JdbcFulfilmentJournal(JdbcTemplate jdbc, FulfilmentSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    @Override
    public void started(String sagaId, String orderId, Instant startedAt) {
        jdbc.update("""
                INSERT INTO fulfilment_saga (saga_id, order_id, saga_type, step, active, started_at, updated_at)
                VALUES (?, ?, ?, ?, TRUE, ?, now())
                ON CONFLICT (saga_id) DO NOTHING""",
                sagaId, orderId, SAGA_TYPE, FulfilmentStep.RESERVING_STOCK.name(),
                Timestamp.from(startedAt));
    }

    @Override
    public void stepReached(String sagaId, FulfilmentStep step, Instant deadlineAt) {
        jdbc.update("""
                UPDATE fulfilment_saga
                   SET step = ?, active = ?, deadline_at = ?, updated_at = now(),
                       ended_at = CASE WHEN ? THEN now() END
                 WHERE saga_id = ?""",
                step.name(), !step.ended(), deadlineAt == null ? null : Timestamp.from(deadlineAt), step.ended(),
                sagaId);
    }

    /** Forgets ended sagas after the retention; hourly is plenty for a retention of days. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetEndedSagas() {
        jdbc.update("DELETE FROM fulfilment_saga WHERE ended_at < ?",
                Timestamp.from(Instant.now().minus(settings.journalRetention())));
    }
}
