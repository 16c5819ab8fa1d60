package io.annals.command.product;

import io.annals.kernel.product.ProductRestocked;
import io.annals.kernel.product.ProductStockReleased;
import io.annals.kernel.product.ProductStockReservationRejected;
import io.annals.kernel.product.ProductStockReserved;
import io.annals.kernel.product.ProductStockShipped;
import io.annals.kernel.product.ReleaseProductStock;
import io.annals.kernel.product.ReserveProductStock;
import io.annals.kernel.product.ShipProductStock;
import io.annals.kernel.product.StockRejectionReason;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


import static io.annals.command.product.ProductFixtures.*;

/** The product aggregate's decisions on the workflow's reservations, releases and shipments, given its past events. */
class ProductReservationTest {

    private AggregateTestFixture<Product> testSubject;

    @BeforeEach
    void setUp() {
        testSubject = new AggregateTestFixture<>(Product.class);
        testSubject.registerInjectableResource(org.mockito.Mockito.mock(SkuRegistry.class));
    }

    @Test
    void reservingWhatIsAvailableMovesItToReservedForTheOrder() {
        testSubject.given(registered(5))
                .when(new ReserveProductStock(SKU, ORDER_A, 3))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProductStockReserved(SKU, ORDER_A, 3))
                .expectResultMessagePayload(true)
                .expectState(product -> assertStock(product, 2, 3));
    }

    @Test
    void reservingExactlyAllThatIsAvailableSucceeds() {
        testSubject.given(registered(5), new ProductStockReserved(SKU, ORDER_A, 2))
                .when(new ReserveProductStock(SKU, ORDER_B, 3))
                .expectEvents(new ProductStockReserved(SKU, ORDER_B, 3))
                .expectResultMessagePayload(true)
                .expectState(product -> assertStock(product, 0, 5));
    }

    @Test
    void reservingMoreThanIsAvailableIsRejectedAsOutOfStockWithWhatWasAvailable() {
        testSubject.given(registered(5), new ProductStockReserved(SKU, ORDER_A, 3))
                .when(new ReserveProductStock(SKU, ORDER_B, 3))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProductStockReservationRejected(SKU, ORDER_B, 3, 2, StockRejectionReason.OUT_OF_STOCK))
                .expectResultMessagePayload(false)
                .expectState(product -> assertStock(product, 2, 3));
    }

    @Test
    void reservingFromAProductWithoutStockIsRejected() {
        testSubject.given(registered(0))
                .when(new ReserveProductStock(SKU, ORDER_A, 1))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProductStockReservationRejected(SKU, ORDER_A, 1, 0, StockRejectionReason.OUT_OF_STOCK))
                .expectResultMessagePayload(false);
    }

    @Test
    void aRepeatedReservationForTheSameOrderChangesNothingAndAnswersReserved() {
        testSubject.given(registered(5), new ProductStockReserved(SKU, ORDER_A, 3))
                .when(new ReserveProductStock(SKU, ORDER_A, 3))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(true)
                .expectState(product -> assertStock(product, 2, 3));
    }

    @Test
    void aRepeatedReservationIsIdempotentEvenWhenTheRestIsNoLongerAvailable() {
        testSubject.given(registered(5), new ProductStockReserved(SKU, ORDER_A, 4))
                .when(new ReserveProductStock(SKU, ORDER_A, 4))
                .expectNoEvents()
                .expectResultMessagePayload(true);
    }

    @Test
    void aRejectedOrderMayReserveOnceStockHasArrived() {
        testSubject.given(registered(1),
                        new ProductStockReservationRejected(SKU, ORDER_A, 3, 1, StockRejectionReason.OUT_OF_STOCK),
                        new ProductRestocked(SKU, 5))
                .when(new ReserveProductStock(SKU, ORDER_A, 3))
                .expectEvents(new ProductStockReserved(SKU, ORDER_A, 3))
                .expectResultMessagePayload(true);
    }

    @Test
    void anOrderWhoseReservationWasReleasedMayReserveAgain() {
        testSubject.given(registered(5), new ProductStockReserved(SKU, ORDER_A, 3), new ProductStockReleased(SKU, ORDER_A, 3))
                .when(new ReserveProductStock(SKU, ORDER_A, 2))
                .expectEvents(new ProductStockReserved(SKU, ORDER_A, 2))
                .expectState(product -> assertStock(product, 3, 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void reservingLessThanOneUnitIsACallersBug(int quantity) {
        testSubject.given(registered(5))
                .when(new ReserveProductStock(SKU, ORDER_A, quantity))
                .expectException(ruleViolationOn("quantity"))
                .expectNoEvents();
    }

    @Test
    void reservingForAnUnknownProductFails() {
        testSubject.givenNoPriorActivity()
                .when(new ReserveProductStock(SKU, ORDER_A, 1))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void releasingReturnsExactlyWhatTheOrderReserved() {
        testSubject.given(registered(10), new ProductStockReserved(SKU, ORDER_A, 3), new ProductStockReserved(SKU, ORDER_B, 4))
                .when(new ReleaseProductStock(SKU, ORDER_A))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProductStockReleased(SKU, ORDER_A, 3))
                .expectResultMessagePayload(true)
                .expectState(product -> assertStock(product, 6, 4));
    }

    @Test
    void releasingForAnOrderWithoutReservationChangesNothing() {
        testSubject.given(registered(10), new ProductStockReserved(SKU, ORDER_B, 4))
                .when(new ReleaseProductStock(SKU, ORDER_A))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void releasingTwiceReleasesOnce() {
        testSubject.given(registered(10), new ProductStockReserved(SKU, ORDER_A, 3), new ProductStockReleased(SKU, ORDER_A, 3))
                .when(new ReleaseProductStock(SKU, ORDER_A))
                .expectNoEvents()
                .expectResultMessagePayload(false)
                .expectState(product -> assertStock(product, 10, 0));
    }

    @Test
    void releasingAfterShippingChangesNothing() {
        testSubject.given(registered(10), new ProductStockReserved(SKU, ORDER_A, 3), new ProductStockShipped(SKU, ORDER_A, 3))
                .when(new ReleaseProductStock(SKU, ORDER_A))
                .expectNoEvents()
                .expectResultMessagePayload(false)
                .expectState(product -> assertStock(product, 7, 0));
    }

    @Test
    void shippingTakesTheOrdersReservedUnitsOutOfStock() {
        testSubject.given(registered(10), new ProductStockReserved(SKU, ORDER_A, 3), new ProductStockReserved(SKU, ORDER_B, 4))
                .when(new ShipProductStock(SKU, ORDER_A))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProductStockShipped(SKU, ORDER_A, 3))
                .expectResultMessagePayload(true)
                .expectState(product -> assertStock(product, 3, 4));
    }

    @Test
    void shippingForAnOrderWithoutReservationChangesNothing() {
        testSubject.given(registered(10))
                .when(new ShipProductStock(SKU, ORDER_A))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void shippingTwiceShipsOnce() {
        testSubject.given(registered(10), new ProductStockReserved(SKU, ORDER_A, 3), new ProductStockShipped(SKU, ORDER_A, 3))
                .when(new ShipProductStock(SKU, ORDER_A))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void shippingAfterReleasingChangesNothing() {
        testSubject.given(registered(10), new ProductStockReserved(SKU, ORDER_A, 3), new ProductStockReleased(SKU, ORDER_A, 3))
                .when(new ShipProductStock(SKU, ORDER_A))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }
}
