package io.annals.app.order;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.ProjectionBatch;
import io.annals.kernel.Money;
import io.annals.kernel.order.Address;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.order.ConfirmationRequested;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderCompleted;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.OrderPaid;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderShipped;
import io.annals.kernel.order.OrderStockReserved;
import io.annals.kernel.order.ShipmentPostponed;
import io.annals.kernel.order.ShipmentRequested;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.ResultMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orders projection writes a whole event batch at once: within one batch it folds each order's events in order
 * into its row (status, payment id, tracking number, cancellation reason, a timeline entry per status change, the
 * order's version and the last event's time), skips redelivered events (at or below the row's version) and creates an
 * order placed in the same batch with its later events applied; a replay of the same events changes nothing. And it
 * does so with a fixed number of statements per batch, however many orders and events it holds.
 */
@EndToEndTest
class OrderProjectionBatchTest {

    private static final String AGGREGATE_TYPE = "Order";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

    private final ApiClient api;
    private final ProjectionBatch projection;
    private final JdbcTemplate jdbc;

    OrderProjectionBatchTest(@LocalServerPort int port, @Autowired ApplicationContext context,
                             @Autowired JdbcTemplate jdbc) {
        api = ApiClient.onPort(port);
        projection = new ProjectionBatch(context, "orderProjection");
        this.jdbc = jdbc;
    }

    @Test
    void aBatchFoldsEachOrdersNewEventsIntoItsRowOnceAndInOrder() {
        String customer = UUID.randomUUID().toString();
        String existing = UUID.randomUUID().toString();
        projection.handle(List.of(event(existing, 0, at(0), placed(existing, customer))));
        String fresh = UUID.randomUUID().toString();

        List<EventMessage<?>> batch = List.of(
                event(fresh, 0, at(1), placed(fresh, customer)),
                event(existing, 1, at(2), new OrderStockReserved(existing)),
                event(existing, 0, at(0), placed(existing, customer)), // redelivered: the row has version 0
                event(fresh, 1, at(3), new OrderStockReserved(fresh)),
                event(fresh, 2, at(4), new OrderPaid(fresh, "pay-1")),
                event(existing, 1, at(2), new OrderStockReserved(existing)), // redelivered within the batch
                event(fresh, 3, at(5), new ShipmentRequested(fresh, "ship-1", ADDRESS, List.of(TEA))),
                event(fresh, 4, at(6), new OrderShipped(fresh, "ship-1", "track-1")),
                event(existing, 2, at(7), new OrderCancelled(existing, CancellationReason.OUT_OF_STOCK, "none")));
        projection.handle(batch);

        Answer freshRead = api.get("/api/orders/" + fresh);
        assertThat(freshRead.header("ETag")).hasValue("\"4\"");
        assertThat(freshRead.body()).isEqualTo("""
                {"orderId":"%s","customerId":"%s","status":"SHIPPED",\
                "lines":[{"sku":"TEA-1","quantity":3,"unitPrice":{"amount":"0.10","currency":"EUR"}}],\
                "total":{"amount":"0.30","currency":"EUR"},"paymentId":"pay-1","trackingNumber":"track-1",\
                "timeline":[{"at":"%s","status":"PENDING"},{"at":"%s","status":"STOCK_RESERVED"},\
                {"at":"%s","status":"PAID"},{"at":"%s","status":"SHIPPED"}],"version":4}"""
                .formatted(fresh, customer, at(1), at(3), at(4), at(6)));
        assertThat(updatedAt(fresh)).isEqualTo(at(6));
        Answer existingRead = api.get("/api/orders/" + existing);
        assertThat(existingRead.body()).isEqualTo("""
                {"orderId":"%s","customerId":"%s","status":"CANCELLED",\
                "lines":[{"sku":"TEA-1","quantity":3,"unitPrice":{"amount":"0.10","currency":"EUR"}}],\
                "total":{"amount":"0.30","currency":"EUR"},"cancellationReason":"OUT_OF_STOCK",\
                "timeline":[{"at":"%s","status":"PENDING"},{"at":"%s","status":"STOCK_RESERVED"},\
                {"at":"%s","status":"CANCELLED"}],"version":2}"""
                .formatted(existing, customer, at(0), at(2), at(7)));
        assertThat(updatedAt(existing)).isEqualTo(at(7));

        // the whole batch again, as after a crash before the token was stored, or a replay: nothing changes
        String freshRow = row(fresh);
        String existingRow = row(existing);
        projection.handle(batch);
        projection.handle(batch.subList(4, batch.size()));

        assertThat(row(fresh)).isEqualTo(freshRow);
        assertThat(row(existing)).isEqualTo(existingRow);
    }

    @Test
    void aWorkflowEventMovesOnlyTheVersionAndTheUpdateTime() {
        String order = UUID.randomUUID().toString();
        projection.handle(List.of(event(order, 0, at(0), placed(order, UUID.randomUUID().toString())),
                event(order, 1, at(1), new OrderStockReserved(order)),
                event(order, 2, at(2), new OrderPaid(order, "pay-2"))));
        String before = rowWithout(order);

        projection.handle(List.of(event(order, 3, at(3), new ShipmentRequested(order, "ship-2", ADDRESS, List.of(TEA))),
                event(order, 4, at(4), new ShipmentPostponed(order, "ship-2", "carrier busy"))));

        assertThat(rowWithout(order)).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT version FROM order_view WHERE order_id = ?", Long.class, order))
                .isEqualTo(4);
        assertThat(updatedAt(order)).isEqualTo(at(4));
        assertThat(api.get("/api/orders/" + order).header("ETag")).hasValue("\"4\"");
    }

    @Test
    void eventsOfAnOrderWithoutRowAreSkipped() {
        String unknown = UUID.randomUUID().toString();

        projection.handle(List.of(event(unknown, 1, at(1), new OrderStockReserved(unknown)),
                event(unknown, 2, at(2), new ShipmentPostponed(unknown, "ship-3", "later"))));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM order_view WHERE order_id = ?", Long.class, unknown))
                .isZero();
    }

    @Test
    void theWritesJoinTheBatchsTransactionAndRollBackWithIt() {
        String order = UUID.randomUUID().toString();
        projection.handle(List.of(event(order, 0, at(0), placed(order, UUID.randomUUID().toString()))));
        String before = row(order);
        String fresh = UUID.randomUUID().toString();
        ResultMessage<?> result = projection.handleFailingAtCommit(List.of(
                event(order, 1, at(1), new OrderStockReserved(order)),
                event(fresh, 0, at(2), placed(fresh, UUID.randomUUID().toString()))));

        assertThat(result.isExceptional()).isTrue();
        assertThat(row(order)).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM order_view WHERE order_id = ?", Long.class, fresh))
                .isZero();
    }

    @Test
    void aRowThatTheWriteDoesNotReachFailsTheBatchInsteadOfLosingItsEvents() {
        String existing = UUID.randomUUID().toString();
        projection.handle(List.of(event(existing, 0, at(0), placed(existing, UUID.randomUUID().toString()))));
        String before = row(existing);
        String fresh = UUID.randomUUID().toString();
        // stands in for a row created or changed between the batch's read of the versions and its write: PostgreSQL
        // skips the rows named by the transaction's annals.test.skip_order (no other transaction is affected)
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION skip_order_write_under_test() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.order_id = ANY(string_to_array(current_setting('annals.test.skip_order', true), ','))
                        THEN RETURN NULL; END IF;
                    RETURN NEW;
                END $$""");
        jdbc.execute("CREATE OR REPLACE TRIGGER skip_order_write_under_test BEFORE INSERT OR UPDATE ON order_view "
                + "FOR EACH ROW EXECUTE FUNCTION skip_order_write_under_test()");
        try {
            for (String skipped : List.of(existing, fresh)) {
                ResultMessage<?> result = projection.handle(List.of(
                        event(existing, 1, at(1), new OrderStockReserved(existing)),
                        event(fresh, 0, at(2), placed(fresh, UUID.randomUUID().toString()))),
                        () -> jdbc.queryForObject("SELECT set_config('annals.test.skip_order', ?, true)",
                                String.class, skipped));

                assertThat(result.isExceptional()).as(skipped).isTrue();
                assertThat(result.exceptionResult()).hasMessageContaining(skipped)
                        .hasMessageContaining("concurrently");
            }
        } finally {
            jdbc.execute("DROP TRIGGER skip_order_write_under_test ON order_view");
            jdbc.execute("DROP FUNCTION skip_order_write_under_test()");
        }
        assertThat(row(existing)).isEqualTo(before);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM order_view WHERE order_id = ?", Long.class, fresh))
                .isZero();
    }

    /**
     * Ten orders of ten events each, in one batch: through JPA such a batch took 42 statements when it placed the
     * orders and 22 when they existed (a SELECT and an UPDATE per order and batch, so per event when a batch holds one
     * event of each of many orders, as under load); set-based, it is one read of the rows' versions and one INSERT or
     * UPDATE for all rows.
     */
    @Test
    void aBatchTakesTheSameFewStatementsWhateverItsNumberOfOrdersAndEvents() {
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            orders.add(UUID.randomUUID().toString());
        }
        List<EventMessage<?>> placedAndLater = new ArrayList<>();
        List<EventMessage<?>> later = new ArrayList<>();
        for (int sequence = 0; sequence < 10; sequence++) {
            for (String order : orders) {
                placedAndLater.add(lifeEvent(order, sequence));
                later.add(lifeEvent(order, sequence + 10));
            }
        }

        // BEGIN, the versions' SELECT, one INSERT, COMMIT
        assertThat(statementsOf(placedAndLater)).as("statements of a batch placing 10 orders").isLessThanOrEqualTo(4);
        // BEGIN, the versions' SELECT, one UPDATE, COMMIT
        assertThat(statementsOf(later)).as("statements of a batch of 10 existing orders").isLessThanOrEqualTo(4);
        assertThat(jdbc.queryForList("SELECT version FROM order_view WHERE order_id = ANY(?::varchar[])", Long.class,
                "{" + String.join(",", orders) + "}")).containsOnly(19L).hasSize(10);
    }

    /** The order's life, ten events long, then over again (a projection that sees it takes every event). */
    private static EventMessage<?> lifeEvent(String order, int sequence) {
        Object payload = switch (sequence % 10) {
            case 0 -> sequence == 0 ? placed(order, order) : new OrderStockReserved(order);
            case 1 -> new OrderStockReserved(order);
            case 2 -> new OrderPaid(order, "pay-" + sequence);
            case 3 -> new ShipmentRequested(order, "ship", ADDRESS, List.of(TEA));
            case 4, 5 -> new ShipmentPostponed(order, "ship", "carrier busy");
            case 6 -> new OrderShipped(order, "ship", "track-" + sequence);
            case 7, 8 -> new ConfirmationRequested(order, "buyer@example.com", "track-" + sequence);
            default -> new OrderCompleted(order, "batch-" + sequence);
        };
        return event(order, sequence, at(sequence), payload);
    }

    private int statementsOf(List<EventMessage<?>> events) {
        try (DriverStatements statements = new DriverStatements()) {
            projection.handle(events);
            return statements.executed();
        }
    }

    private static final OrderLine TEA = new OrderLine("TEA-1", 3, new Money(new BigDecimal("0.10"), "EUR"));
    private static final Address ADDRESS = new Address("1 Way", "London", "NW1", "GB");

    private static OrderPlaced placed(String orderId, String customerId) {
        return new OrderPlaced(orderId, customerId, "buyer@example.com", List.of(TEA),
                new Money(new BigDecimal("0.30"), "EUR"), ADDRESS);
    }

    private static Instant at(int second) {
        return T0.plusSeconds(second);
    }

    private static EventMessage<?> event(String orderId, long sequence, Instant at, Object payload) {
        return new GenericDomainEventMessage<>(AGGREGATE_TYPE, orderId, sequence, payload, MetaData.emptyInstance(),
                UUID.randomUUID().toString(), at);
    }

    /** The whole row as PostgreSQL shows it. */
    private String row(String orderId) {
        return jdbc.queryForObject("SELECT to_jsonb(o)::text FROM order_view o WHERE order_id = ?", String.class,
                orderId);
    }

    /** The row without its version and update time. */
    private String rowWithout(String orderId) {
        return jdbc.queryForObject("SELECT (to_jsonb(o) - 'version' - 'updated_at')::text FROM order_view o "
                + "WHERE order_id = ?", String.class, orderId);
    }

    private Instant updatedAt(String orderId) {
        return jdbc.queryForObject("SELECT updated_at FROM order_view WHERE order_id = ?",
                (row, n) -> row.getObject(1, java.time.OffsetDateTime.class).toInstant(), orderId);
    }

    /**
     * Counts the statements the PostgreSQL driver sends on this thread, by its log of each Execute message (a
     * prepared statement's) and each simple query (how it sends transaction control such as {@code COMMIT});
     * {@code pg_stat_statements} needs a preloaded library, which the embedded server is not started with.
     */
    private static final class DriverStatements implements AutoCloseable {

        private static final Logger DRIVER = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");

        private final Thread thread = Thread.currentThread();
        private final AtomicInteger executed = new AtomicInteger();
        private final Level level = DRIVER.getLevel();
        private final boolean useParentHandlers = DRIVER.getUseParentHandlers();
        private final Handler counter = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (Thread.currentThread() == thread
                        && (message.contains("FE=> Execute(") || message.contains("FE=> SimpleQuery("))) {
                    executed.incrementAndGet();
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        DriverStatements() {
            counter.setLevel(Level.ALL);
            DRIVER.addHandler(counter);
            DRIVER.setUseParentHandlers(false);
            DRIVER.setLevel(Level.FINEST);
        }

        int executed() {
            return executed.get();
        }

        @Override
        public void close() {
            DRIVER.setLevel(level);
            DRIVER.setUseParentHandlers(useParentHandlers);
            DRIVER.removeHandler(counter);
        }
    }
}
