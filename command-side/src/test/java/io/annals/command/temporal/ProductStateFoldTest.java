package io.annals.command.temporal;

import io.annals.command.AggregateTypes;
import io.annals.command.temporal.ProductStateFold.ProductState;
import io.annals.kernel.Money;
import io.annals.kernel.product.ProductRegistered;
import io.annals.kernel.product.ProductRestocked;
import io.annals.kernel.product.ProductStockReleased;
import io.annals.kernel.product.ProductStockReservationRejected;
import io.annals.kernel.product.ProductStockReserved;
import io.annals.kernel.product.ProductStockShipped;
import io.annals.kernel.product.StockRejectionReason;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A product's temporal state follows its stock through restocks, reservations, releases and shipments. */
class ProductStateFoldTest {

    private static final String SKU = "SKU-1";
    private static final Money PRICE = new Money(new BigDecimal("12.50"), "EUR");
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final ProductStateFold testSubject = new ProductStateFold();

    @Test
    void everyStockEventMovesAvailableAndReservedAndTheVersion() {
        List<ProductState> states = fold(
                new ProductRegistered(SKU, "Teapot", 10, PRICE),
                new ProductStockReserved(SKU, "order-a", 3),
                new ProductStockReserved(SKU, "order-b", 4),
                new ProductStockReservationRejected(SKU, "order-c", 9, 3, StockRejectionReason.OUT_OF_STOCK),
                new ProductStockReleased(SKU, "order-a", 3),
                new ProductStockShipped(SKU, "order-b", 4),
                new ProductRestocked(SKU, 5));

        assertThat(states).extracting(ProductState::available).containsExactly(10L, 7L, 3L, 3L, 6L, 6L, 11L);
        assertThat(states).extracting(ProductState::reserved).containsExactly(0L, 3L, 7L, 7L, 4L, 0L, 0L);
        assertThat(states).extracting(ProductState::version).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(states).allSatisfy(state -> {
            assertThat(state.sku()).isEqualTo(SKU);
            assertThat(state.name()).isEqualTo("Teapot");
            assertThat(state.price()).isEqualTo(PRICE);
        });
    }

    private List<ProductState> fold(Object... payloads) {
        List<ProductState> states = new ArrayList<>();
        ProductState state = null;
        for (int version = 0; version < payloads.length; version++) {
            DomainEventMessage<?> event = new GenericDomainEventMessage<>(AggregateTypes.PRODUCT, SKU, version, payloads[version],
                    MetaData.emptyInstance(), UUID.randomUUID().toString(), START.plusSeconds(version));
            state = state == null ? testSubject.start(event) : testSubject.apply(state, event);
            states.add(state);
        }
        return states;
    }
}
