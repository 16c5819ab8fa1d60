package io.annals.app.product;

import io.annals.app.test.ApiClient;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.ProjectionBatch;
import io.annals.kernel.Money;
import io.annals.kernel.product.ProductRegistered;
import io.annals.kernel.product.ProductRestocked;
import io.annals.kernel.product.ProductStockReserved;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.math.BigDecimal;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The products projection writes a whole event batch at once: within one batch it applies each product's events in
 * order, skips redelivered ones (at or below the row's version, also one applied earlier in the same batch) and
 * builds a product registered in the same batch before its first row exists.
 */
@EndToEndTest
class ProductProjectionBatchTest {

    private static final String AGGREGATE_TYPE = "Product";

    private final ApiClient testSubject;
    private final ProjectionBatch projection;
    private final JdbcTemplate jdbc;

    ProductProjectionBatchTest(@LocalServerPort int port, @Autowired ApplicationContext context,
                               @Autowired JdbcTemplate jdbc) {
        testSubject = ApiClient.onPort(port);
        projection = new ProjectionBatch(context, "productProjection");
        this.jdbc = jdbc;
    }

    @Test
    void aBatchAppliesEachProductsNewEventsOnceAndInOrder() {
        String existing = testSubject.registerProduct("batch-old", 4);
        testSubject.productAtLeast(existing, 0);
        String fresh = ApiClient.uniqueSku("batch-new");

        projection.handle(List.of(
                event(fresh, 0, new ProductRegistered(fresh, "Fresh", 10, new Money(new BigDecimal("2.50"), "EUR"))),
                event(existing, 0, new ProductRestocked(existing, 100)), // redelivered: the row has version 0
                event(fresh, 1, new ProductRestocked(fresh, 5)),
                event(existing, 1, new ProductRestocked(existing, 2)),
                event(fresh, 1, new ProductRestocked(fresh, 5)), // redelivered within the batch
                event(fresh, 2, new ProductStockReserved(fresh, "order-1", 3))));

        assertThat(row(fresh)).containsExactly(12L, 3L, 2L);
        assertThat(row(existing)).containsExactly(6L, 0L, 1L);

        // the whole batch again, as after a crash before the token was stored: nothing changes
        projection.handle(List.of(
                event(fresh, 0, new ProductRegistered(fresh, "Fresh", 10, new Money(new BigDecimal("2.50"), "EUR"))),
                event(fresh, 1, new ProductRestocked(fresh, 5)),
                event(existing, 1, new ProductRestocked(existing, 2)),
                event(fresh, 2, new ProductStockReserved(fresh, "order-1", 3))));

        assertThat(row(fresh)).containsExactly(12L, 3L, 2L);
        assertThat(row(existing)).containsExactly(6L, 0L, 1L);
        assertThat(testSubject.productAtLeast(fresh, 2).path("name").asString()).isEqualTo("Fresh");
    }

    @Test
    void eventsOfAProductWithoutRowAreSkipped() {
        String unknown = ApiClient.uniqueSku("batch-unknown");

        projection.handle(List.of(event(unknown, 1, new ProductRestocked(unknown, 5))));

        assertThat(jdbc.queryForObject("SELECT count(*) FROM product_view WHERE sku = ?", Long.class, unknown))
                .isZero();
    }

    @Test
    void theWritesJoinTheBatchsTransactionAndRollBackWithIt() {
        String sku = testSubject.registerProduct("batch-rollback", 4);
        testSubject.productAtLeast(sku, 0);
        String fresh = ApiClient.uniqueSku("batch-rollback-new");
        ResultMessage<?> result = projection.handleFailingAtCommit(List.of(
                event(sku, 1, new ProductRestocked(sku, 2)),
                event(fresh, 0, new ProductRegistered(fresh, "Fresh", 1, new Money(BigDecimal.ONE, "EUR")))));

        assertThat(result.isExceptional()).isTrue();
        assertThat(row(sku)).containsExactly(4L, 0L, 0L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM product_view WHERE sku = ?", Long.class, fresh))
                .isZero();
    }

    @Test
    void aRowThatTheUpdateDoesNotReachFailsTheBatchInsteadOfLosingItsEvents() {
        String sku = testSubject.registerProduct("batch-unreached", 4);
        testSubject.productAtLeast(sku, 0);
        // stands in for a row changed between the batch's read of the versions and its UPDATE: PostgreSQL skips the
        // row named by the transaction's annals.test.skip_sku (no other transaction is affected)
        jdbc.execute("""
                CREATE OR REPLACE FUNCTION skip_update_under_test() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.sku = current_setting('annals.test.skip_sku', true) THEN RETURN NULL; END IF;
                    RETURN NEW;
                END $$""");
        jdbc.execute("CREATE OR REPLACE TRIGGER skip_update_under_test BEFORE UPDATE ON product_view "
                + "FOR EACH ROW EXECUTE FUNCTION skip_update_under_test()");
        try {
            ResultMessage<?> result = projection.handle(List.of(event(sku, 1, new ProductRestocked(sku, 2))),
                    () -> jdbc.queryForObject("SELECT set_config('annals.test.skip_sku', ?, true)", String.class, sku));

            assertThat(result.isExceptional()).isTrue();
            assertThat(result.exceptionResult()).hasMessageContaining(sku).hasMessageContaining("changed concurrently");
        } finally {
            jdbc.execute("DROP TRIGGER skip_update_under_test ON product_view");
            jdbc.execute("DROP FUNCTION skip_update_under_test()");
        }
        assertThat(row(sku)).containsExactly(4L, 0L, 0L);
    }

    private static EventMessage<?> event(String sku, long sequence, Object payload) {
        return new GenericDomainEventMessage<>(AGGREGATE_TYPE, sku, sequence, payload);
    }

    /** available, reserved, version */
    private List<Long> row(String sku) {
        return jdbc.queryForObject("SELECT available, reserved, version FROM product_view WHERE sku = ?",
                (rs, n) -> List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3)), sku);
    }
}
