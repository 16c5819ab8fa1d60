package io.annals.choreography.fulfilment;

import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderCompleted;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderShipped;
import io.annals.kernel.order.OrderStockReserved;
import io.annals.kernel.payment.PaymentFailed;
import io.annals.kernel.payment.PaymentTaken;
import io.annals.kernel.payment.RefundRequested;
import io.annals.kernel.product.ProductStockReservationRejected;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.annals.kernel.shipment.ShipmentFailed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * The journal of fulfilments behind {@code GET /api/admin/sagas} ({@code fulfilment_saga}), projected from the order's
 * events in a processor of its own, so the saga writes nothing but its own state. An order's events reach this
 * projection in order whichever aggregate recorded them ({@link OrderSequencing}). A step's deadline is the event's
 * time plus the configured timeout, as the saga schedules it when it handles that event. An order's fulfilment ends
 * with its completion or cancellation; a customer's cancellation ends it here at once, while the saga may still be
 * releasing the stock or refunding.
 */
@Component
@ProcessingGroup(FulfilmentJournal.PROCESSING_GROUP)
@InstanceRole(Role.SAGA)
class FulfilmentJournal {

    static final String PROCESSING_GROUP = "fulfilment-journal";
    /**
     * The saga type the admin API lists ({@code type} in API.md). A published name, so it is fixed here rather than
     * taken from the class: renaming {@link OrderFulfilmentSaga} must not change what operators see.
     */
    static final String SAGA_TYPE = "OrderFulfilment";

    private final JdbcTemplate jdbc;
    private final FulfilmentSettings settings;

    FulfilmentJournal(JdbcTemplate jdbc, FulfilmentSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /** Listed once per order: a replay, or an order listed by the saga's own journal of before, adds no row. */
    @EventHandler
    void on(OrderPlaced event, @Timestamp Instant at) {
        jdbc.update("""
                INSERT INTO fulfilment_saga (saga_id, order_id, saga_type, step, active, started_at, updated_at)
                SELECT ?, ?, ?, ?, TRUE, ?, ?
                 WHERE NOT EXISTS (SELECT 1 FROM fulfilment_saga WHERE order_id = ?)
                ON CONFLICT (saga_id) DO NOTHING""",
                journalId(event.orderId()), event.orderId(), SAGA_TYPE, FulfilmentStep.RESERVING_STOCK.name(),
                sql(at), sql(at), event.orderId());
    }

    @EventHandler
    void on(OrderStockReserved event, @Timestamp Instant at) {
        reached(event.orderId(), FulfilmentStep.PAYING, at, at.plus(settings.paymentTimeout()));
    }

    @EventHandler
    void on(PaymentTaken event, @Timestamp Instant at) {
        reached(event.orderId(), FulfilmentStep.SHIPPING, at, at.plus(settings.shippingTimeout()));
    }

    @EventHandler
    void on(OrderShipped event, @Timestamp Instant at) {
        reached(event.orderId(), FulfilmentStep.CONFIRMING, at, null);
    }

    @EventHandler
    void on(ProductStockReservationRejected event, @Timestamp Instant at) {
        reached(event.orderId(), FulfilmentStep.COMPENSATING, at, null);
    }

    @EventHandler
    void on(PaymentFailed event, @Timestamp Instant at) {
        reached(event.orderId(), FulfilmentStep.COMPENSATING, at, null);
    }

    @EventHandler
    void on(ShipmentFailed event, @Timestamp Instant at) {
        reached(event.orderId(), FulfilmentStep.COMPENSATING, at, null);
    }

    @EventHandler
    void on(RefundRequested event, @Timestamp Instant at) {
        reached(event.orderId(), FulfilmentStep.COMPENSATING, at, null);
    }

    @EventHandler
    void on(OrderCompleted event, @Timestamp Instant at) {
        reached(event.orderId(), FulfilmentStep.COMPLETED, at, null);
    }

    @EventHandler
    void on(OrderCancelled event, @Timestamp Instant at) {
        reached(event.orderId(), FulfilmentStep.CANCELLED, at, null);
    }

    /** An ended fulfilment stays as it ended: later events (a late answer, a refund after a cancel) change nothing. */
    private void reached(String orderId, FulfilmentStep step, Instant at, Instant deadlineAt) {
        jdbc.update("""
                UPDATE fulfilment_saga
                   SET step = ?, active = ?, deadline_at = ?, updated_at = ?,
                       ended_at = CASE WHEN ? THEN CAST(? AS timestamptz) END
                 WHERE order_id = ? AND active""",
                step.name(), !step.ended(), deadlineAt == null ? null : sql(deadlineAt),
                sql(at), step.ended(), sql(at), orderId);
    }

    /** Forgets ended fulfilments after the retention; hourly is plenty for a retention of days. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void forgetEndedSagas() {
        jdbc.update("DELETE FROM fulfilment_saga WHERE ended_at < ?",
                sql(Instant.now().minus(settings.journalRetention())));
    }

    private static java.sql.Timestamp sql(Instant instant) {
        return java.sql.Timestamp.from(instant);
    }

    /** One fulfilment per order, so its listed id is derived from the order's. */
    static String journalId(String orderId) {
        return UUID.nameUUIDFromBytes(("fulfilment:" + orderId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
