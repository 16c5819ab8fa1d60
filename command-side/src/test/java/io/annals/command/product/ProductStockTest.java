package io.annals.command.product;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.annals.kernel.product.ProductRestocked;
import io.annals.kernel.product.ProductStockReserved;
import io.annals.kernel.product.ProductStockShipped;
import io.annals.kernel.product.RegisterProduct;
import io.annals.kernel.product.ReleaseProductStock;
import io.annals.kernel.product.ReserveProductStock;
import io.annals.kernel.product.RestockProduct;
import io.annals.kernel.product.ShipProductStock;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.annals.command.product.ProductFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The product aggregate's stock over long mixes of commands, and across a snapshot. */
class ProductStockTest {

    private AggregateTestFixture<Product> testSubject;

    @BeforeEach
    void setUp() {
        testSubject = new AggregateTestFixture<>(Product.class);
        testSubject.registerInjectableResource(org.mockito.Mockito.mock(SkuRegistry.class));
    }

    /**
     * API.md: available + reserved = initial + restocks - shipped, and neither is negative, after every command of a
     * long random mix of restocks, reservations (some too large), releases and shipments over a few orders.
     */
    @Test
    void availablePlusReservedIsAlwaysInitialPlusRestocksMinusShipped() {
        Random random = new Random(42);
        List<Object> commands = new ArrayList<>();
        for (int step = 0; step < 120; step++) {
            String orderId = "order-" + random.nextInt(6);
            commands.add(switch (random.nextInt(4)) {
                case 0 -> new RestockProduct(SKU, 1 + random.nextInt(5), null);
                case 1 -> new ReserveProductStock(SKU, orderId, 1 + random.nextInt(12));
                case 2 -> new ReleaseProductStock(SKU, orderId);
                default -> new ShipProductStock(SKU, orderId);
            });
        }
        long[] shippedInTotal = {0};
        for (int step = 0; step < commands.size(); step++) {
            List<Object> before = new ArrayList<>(List.of(new RegisterProduct(SKU, "Teapot", 20, PRICE)));
            before.addAll(commands.subList(0, step));
            int current = step;
            testSubject.givenCommands(before)
                    .when(commands.get(step))
                    .expectSuccessfulHandlerExecution()
                    .expectState(product -> {
                        long restocks = 0;
                        long shipped = 0;
                        var events = testSubject.getEventStore().readEvents(SKU);
                        while (events.hasNext()) {
                            Object event = events.next().getPayload();
                            if (event instanceof ProductRestocked restock) {
                                restocks += restock.quantity();
                            } else if (event instanceof ProductStockShipped shipment) {
                                shipped += shipment.quantity();
                            }
                        }
                        shippedInTotal[0] = shipped;
                        assertThat(product.available()).as("available after step %d", current).isNotNegative();
                        assertThat(product.reserved()).as("reserved after step %d", current).isNotNegative();
                        assertThat(product.available() + product.reserved())
                                .as("available + reserved after step %d", current)
                                .isEqualTo(20 + restocks - shipped);
                    });
        }
        assertThat(shippedInTotal[0]).as("the mix shipped something").isPositive();
    }

    /** A snapshot (Jackson, with default typing as the app configures it) keeps every reservation per order. */
    @Test
    void aSnapshotKeepsStockAndTheReservationsPerOrder() {
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(new ObjectMapper()).defaultTyping().build();
        testSubject.given(registered(10), new ProductStockReserved(SKU, ORDER_A, 3), new ProductStockReserved(SKU, ORDER_B, 4))
                .when(new ShipProductStock(SKU, ORDER_B))
                .expectState(product -> {
                    SerializedObject<byte[]> snapshot = serializer.serialize(product, byte[].class);
                    Product restored = serializer.deserialize(snapshot);

                    assertStock(restored, 3, 3);
                    assertThat(new String(snapshot.getData(), StandardCharsets.UTF_8)).contains(ORDER_A)
                            .doesNotContain(ORDER_B);
                    assertThat(serializer.serialize(restored, byte[].class).getData()).isEqualTo(snapshot.getData());
                });
    }
}
