package io.annals.command.product;

import io.annals.command.VersionCheck;
import io.annals.kernel.error.VersionConflictException;
import io.annals.kernel.product.ProductLimits;
import io.annals.kernel.product.ProductRegistered;
import io.annals.kernel.product.ProductRestocked;
import io.annals.kernel.product.ProductStockReserved;
import io.annals.kernel.product.RegisterProduct;
import io.annals.kernel.product.RestockProduct;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;


import static io.annals.command.product.ProductFixtures.*;
import static org.axonframework.test.matchers.Matchers.predicate;

/** The product aggregate's decisions on registration and restocking, given its past events. */
class ProductTest {

    private AggregateTestFixture<Product> testSubject;

    @BeforeEach
    void setUp() {
        testSubject = new AggregateTestFixture<>(Product.class);
        testSubject.registerInjectableResource(org.mockito.Mockito.mock(SkuRegistry.class));
    }

    private static Matcher<Object> versionConflict(long expected, long actual) {
        return predicate(e -> e instanceof VersionConflictException conflict
                && conflict.expectedVersion() == expected && conflict.actualVersion() == actual);
    }

    @Test
    void registeringAProductRecordsItWithItsInitialStockAndPrice() {
        testSubject.givenNoPriorActivity()
                .when(new RegisterProduct(SKU, "Teapot", 5, PRICE))
                .expectSuccessfulHandlerExecution()
                .expectEvents(registered(5));
    }

    @Test
    void registeringWithZeroInitialStockIsAllowed() {
        testSubject.givenNoPriorActivity()
                .when(new RegisterProduct(SKU, "Teapot", 0, PRICE))
                .expectEvents(registered(0));
    }

    @Test
    void registeringWithTheLargestInitialStockIsAllowed() {
        testSubject.givenNoPriorActivity()
                .when(new RegisterProduct(SKU, "Teapot", ProductLimits.MAX_INITIAL_STOCK, PRICE))
                .expectEvents(registered(ProductLimits.MAX_INITIAL_STOCK));
    }

    @Test
    void registeringWithANameOfExactlyTheLimitIsAllowed() {
        String name = "n".repeat(ProductLimits.MAX_NAME_LENGTH);
        testSubject.givenNoPriorActivity()
                .when(new RegisterProduct(SKU, name, 5, PRICE))
                .expectEvents(new ProductRegistered(SKU, name, 5, PRICE));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MIN_VALUE})
    void registeringWithAnInitialStockOutOfRangeIsRejected(long initialStock) {
        testSubject.givenNoPriorActivity()
                .when(new RegisterProduct(SKU, "Teapot", initialStock, PRICE))
                .expectException(ruleViolationOn("initialStock"))
                .expectNoEvents();
    }

    @Test
    void restockingAddsStockAndAnswersTheNewVersion() {
        testSubject.given(registered(5))
                .when(new RestockProduct(SKU, 7, null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProductRestocked(SKU, 7))
                .expectResultMessagePayload(1L);
    }

    @Test
    void restockingAfterEarlierRestocksAnswersTheVersionAfterThem() {
        testSubject.given(registered(5), new ProductRestocked(SKU, 1), new ProductRestocked(SKU, 2))
                .when(new RestockProduct(SKU, 3, null))
                .expectEvents(new ProductRestocked(SKU, 3))
                .expectResultMessagePayload(3L);
    }

    @ParameterizedTest
    @ValueSource(longs = {ProductLimits.MIN_RESTOCK, ProductLimits.MAX_RESTOCK})
    void restockingWithTheSmallestAndLargestQuantityIsAllowed(long quantity) {
        testSubject.given(registered(5))
                .when(new RestockProduct(SKU, quantity, null))
                .expectEvents(new ProductRestocked(SKU, quantity));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MAX_VALUE})
    void restockingWithAQuantityOutOfRangeIsRejected(long quantity) {
        testSubject.given(registered(5))
                .when(new RestockProduct(SKU, quantity, null))
                .expectException(ruleViolationOn("quantity"))
                .expectNoEvents();
    }

    @Test
    void restockingWithTheCurrentVersionAsExpectedVersionSucceeds() {
        testSubject.given(registered(5), new ProductRestocked(SKU, 1))
                .when(new RestockProduct(SKU, 4, 1L))
                .expectEvents(new ProductRestocked(SKU, 4))
                .expectResultMessagePayload(2L);
    }

    @Test
    void restockWithStaleVersionIsRejectedWithExpectedAndActualVersion() {
        testSubject.given(registered(5), new ProductRestocked(SKU, 1), new ProductRestocked(SKU, 1))
                .when(new RestockProduct(SKU, 4, 1L))
                .expectException(versionConflict(1, 2))
                .expectNoEvents();
    }

    @Test
    void restockWithAFutureVersionAsksForAFreshLoadWithExpectedAndActualVersion() {
        testSubject.given(registered(5))
                .when(new RestockProduct(SKU, 4, 7L))
                .expectException(predicate(e -> e instanceof VersionCheck.StaleAggregateException stale
                        && stale.expectedVersion() == 7 && stale.actualVersion() == 0))
                .expectNoEvents();
    }

    @Test
    void restockingAnUnknownProductFails() {
        testSubject.givenNoPriorActivity()
                .when(new RestockProduct(SKU, 4, null))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void restockingWhileStockIsReservedAddsToAvailableOnly() {
        testSubject.given(registered(5), new ProductStockReserved(SKU, ORDER_A, 4))
                .when(new RestockProduct(SKU, 3, null))
                .expectEvents(new ProductRestocked(SKU, 3))
                .expectState(product -> assertStock(product, 4, 4));
    }
}
