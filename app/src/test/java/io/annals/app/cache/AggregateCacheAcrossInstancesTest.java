package io.annals.app.cache;

import io.annals.app.role.Roles;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.ApiClient;
import io.annals.app.test.Instances;
import io.annals.kernel.order.MarkOrderPaid;
import io.annals.kernel.order.MarkOrderShipped;
import io.annals.kernel.order.MarkOrderStockReserved;
import io.annals.kernel.product.ReleaseProductStock;
import io.annals.kernel.product.ReserveProductStock;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.UUID;

import static io.annals.app.test.ApiClient.line;
import static io.annals.app.test.ApiClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.eventhandling.GenericEventMessage.asEventMessage;

/**
 * The aggregate cache with several nodes: two instances on one database, each with its own cache. Instance A has an
 * aggregate cached, instance B moves it on, and A's next command must decide on B's state — whether it decides
 * without appending (checked against the event store) or appends (the store's unique sequence rejects the stale
 * append). Either way it is retried on fresh state, and the caller sees one answer, the right one.
 *
 * <p>Both instances run the command role only, so no saga of theirs moves these orders; the class runs before the
 * shared end-to-end context starts ({@link Order}), so no other node's saga does either.
 */
@Order(2)
class AggregateCacheAcrossInstancesTest {

    private static ConfigurableApplicationContext instanceA;
    private static ConfigurableApplicationContext instanceB;

    private final ApiClient apiA = ApiClient.of(instanceA);
    private final ApiClient apiB = ApiClient.of(instanceB);
    private final CommandGateway commandsA = instanceA.getBean(CommandGateway.class);
    private final CommandGateway commandsB = instanceB.getBean(CommandGateway.class);

    @BeforeAll
    static void startTwoCommandInstances() {
        instanceA = Instances.start("--" + Roles.PROPERTY + "=command");
        instanceB = Instances.start("--" + Roles.PROPERTY + "=command");
    }

    @AfterAll
    static void stopThem() {
        for (ConfigurableApplicationContext instance : new ConfigurableApplicationContext[]{instanceA, instanceB}) {
            if (instance != null) {
                instance.close();
            }
        }
    }

    /** A workflow step answering "not applied" appends nothing, so only the stale-cache check can catch it. */
    @Test
    void aStepThatAppendsNothingSeesAPaymentMadeOnAnotherInstance() {
        String customerId = apiA.registerCustomer(uniqueEmail("cache"), "Cache Buyer");
        String orderId = apiA.placeOrder(customerId, line(ApiClient.uniqueSku("CACHE"), 1, "1.00", "EUR"));
        assertThat(commandsA.<Boolean>sendAndWait(new MarkOrderStockReserved(orderId))).isTrue();
        assertThat(commandsA.<Boolean>sendAndWait(shipped(orderId))).as("not paid, and cached on A").isFalse();

        assertThat(commandsB.<Boolean>sendAndWait(new MarkOrderPaid(orderId, "pay-" + orderId))).isTrue();

        assertThat(commandsA.<Boolean>sendAndWait(shipped(orderId))).as("paid on instance B").isTrue();
        assertThat(eventTypes(orderId)).containsExactly("OrderPlaced", "OrderStockReserved", "OrderPaid", "OrderShipped");
    }

    private static MarkOrderShipped shipped(String orderId) {
        return new MarkOrderShipped(orderId, "ship-" + orderId, "TRK-" + orderId);
    }

    /**
     * A saga sends its commands inside its own transaction; a command retried after a stale cache must stay inside
     * it, so that the saga's rollback takes the command's events back too.
     */
    @Test
    void aCommandRetriedAfterAStaleCacheStaysInTheSendersTransaction() {
        String customerId = apiA.registerCustomer(uniqueEmail("cache"), "Cache Buyer");
        String orderId = apiA.placeOrder(customerId, line(ApiClient.uniqueSku("CACHE"), 1, "1.00", "EUR"));
        assertThat(commandsB.<Boolean>sendAndWait(new MarkOrderStockReserved(orderId))).isTrue();

        UnitOfWork<?> sagaTransaction = DefaultUnitOfWork.startAndGet(asEventMessage("a saga's event"));
        sagaTransaction.attachTransaction(instanceA.getBean(TransactionManager.class));
        try {
            assertThat(commandsA.<Boolean>sendAndWait(new MarkOrderPaid(orderId, "pay-" + orderId)))
                    .as("paid on the state instance B moved on").isTrue();
        } finally {
            sagaTransaction.rollback();
        }

        assertThat(eventTypes(orderId)).containsExactly("OrderPlaced", "OrderStockReserved");
    }

    @Test
    void aReleaseSeesAReservationMadeOnAnotherInstance() {
        String sku = apiA.registerProduct("CACHE", 10);
        String orderId = UUID.randomUUID().toString();
        assertThat(commandsA.<Boolean>sendAndWait(new ReleaseProductStock(sku, orderId))).as("nothing reserved yet").isFalse();

        assertThat(commandsB.<Boolean>sendAndWait(new ReserveProductStock(sku, orderId, 4))).isTrue();

        assertThat(commandsA.<Boolean>sendAndWait(new ReleaseProductStock(sku, orderId)))
                .as("the reservation made on instance B").isTrue();
        assertThat(eventTypes(sku)).containsExactly("ProductRegistered", "ProductStockReserved", "ProductStockReleased");
    }

    @Test
    void aRestockAfterARestockOnAnotherInstanceCountsBoth() {
        String sku = apiA.registerProduct("CACHE", 10);
        assertThat(apiB.restock(sku, 5).status()).isEqualTo(200);

        Answer restocked = apiA.restock(sku, 7);

        assertThat(restocked.status()).as(restocked.body()).isEqualTo(200);
        assertThat(restocked.json().path("version").asLong()).isEqualTo(2);
        assertThat(eventTypes(sku)).containsExactly("ProductRegistered", "ProductRestocked", "ProductRestocked");
    }

    private List<String> eventTypes(String aggregateId) {
        return instanceA.getBean(JdbcTemplate.class).queryForList("""
                        SELECT payload_type FROM domain_event_entry WHERE aggregate_identifier = ?
                        ORDER BY sequence_number""", String.class, aggregateId).stream()
                .map(type -> type.substring(type.lastIndexOf('.') + 1))
                .toList();
    }
}
