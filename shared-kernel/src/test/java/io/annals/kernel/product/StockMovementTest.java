package io.annals.kernel.product;

import io.annals.kernel.Money;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;

/** How each stock event moves a product's available and reserved units (API.md's stock rule). */
class StockMovementTest {

    private static final String SKU = "SKU-1";
    private static final String ORDER = "order-1";

    @Test
    void aRegistrationBringsTheInitialStockAsAvailable() {
        assertThat(StockMovement.of(new ProductRegistered(SKU, "Lamp", 10, new Money(BigDecimal.ONE, "EUR"))))
                .isEqualTo(new StockMovement(10, 0));
    }

    @Test
    void aRestockAddsToAvailable() {
        assertThat(StockMovement.of(new ProductRestocked(SKU, 5))).isEqualTo(new StockMovement(5, 0));
    }

    @Test
    void aReservationMovesUnitsFromAvailableToReserved() {
        assertThat(StockMovement.of(new ProductStockReserved(SKU, ORDER, 3))).isEqualTo(new StockMovement(-3, 3));
    }

    @Test
    void aRejectedReservationMovesNothing() {
        assertThat(StockMovement.of(new ProductStockReservationRejected(SKU, ORDER, 3, 1, StockRejectionReason.OUT_OF_STOCK)))
                .isEqualTo(StockMovement.NONE);
    }

    @Test
    void aReleaseMovesReservedUnitsBackToAvailable() {
        assertThat(StockMovement.of(new ProductStockReleased(SKU, ORDER, 3))).isEqualTo(new StockMovement(3, -3));
    }

    @Test
    void aShipmentTakesReservedUnitsOutOfTheStock() {
        assertThat(StockMovement.of(new ProductStockShipped(SKU, ORDER, 3))).isEqualTo(new StockMovement(0, -3));
    }

    @Test
    void movementsAddUpSoABatchMovesTheStockAsItsEventsDoOneByOne() {
        StockMovement batch = StockMovement.of(new ProductRestocked(SKU, 5))
                .plus(StockMovement.of(new ProductStockReserved(SKU, ORDER, 4)))
                .plus(StockMovement.of(new ProductStockShipped(SKU, ORDER, 4)));

        assertThat(batch).isEqualTo(new StockMovement(1, 0));
    }
}
