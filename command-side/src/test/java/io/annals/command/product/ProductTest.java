package io.annals.command.product;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.annals.command.VersionCheck;
import io.annals.kernel.Money;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.error.VersionConflictException;
import io.annals.kernel.product.ProductLimits;
import io.annals.kernel.product.ProductRegistered;
import io.annals.kernel.product.ProductRestocked;
import io.annals.kernel.product.RegisterProduct;
import io.annals.kernel.product.ReleaseStock;
import io.annals.kernel.product.ReserveStock;
import io.annals.kernel.product.RestockProduct;
import io.annals.kernel.product.ShipStock;
import io.annals.kernel.product.StockRejectionReason;
import io.annals.kernel.product.StockReleased;
import io.annals.kernel.product.StockReservationRejected;
import io.annals.kernel.product.StockReserved;
import io.annals.kernel.product.StockShipped;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.predicate;

/** The product aggregate's decisions, given its past events. */
class ProductTest {

    private static final String SKU = "SKU-1";
    private static final Money PRICE = new Money(new BigDecimal("12.50"), "EUR");
    private static final String ORDER_A = "order-a";
    private static final String ORDER_B = "order-b";

    private AggregateTestFixture<Product> testSubject;

    @BeforeEach
    void setUp() {
        testSubject = new AggregateTestFixture<>(Product.class);
    }

    private static ProductRegistered registered(long initialStock) {
        return new ProductRegistered(SKU, "Teapot", initialStock, PRICE);
    }

    private static Matcher<Object> ruleViolationOn(String field) {
        return predicate(e -> e instanceof RuleViolationException violation && field.equals(violation.field()));
    }

    private static Matcher<Object> versionConflict(long expected, long actual) {
        return predicate(e -> e instanceof VersionConflictException conflict
                && conflict.expectedVersion() == expected && conflict.actualVersion() == actual);
    }

    // --- registration ---

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

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"has space", "slash/ed", "ümlaut", "semi;colon",
            "a-sku-of-sixty-five-characters-is-one-too-long-0123456789abcdefgh"})
    void registeringWithAnInvalidSkuIsRejected(String sku) {
        testSubject.givenNoPriorActivity()
                .when(new RegisterProduct(sku, "Teapot", 5, PRICE))
                .expectException(ruleViolationOn("sku"))
                .expectNoEvents();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   "})
    void registeringWithABlankNameIsRejected(String name) {
        testSubject.givenNoPriorActivity()
                .when(new RegisterProduct(SKU, name, 5, PRICE))
                .expectException(ruleViolationOn("name"))
                .expectNoEvents();
    }

    @Test
    void registeringWithANameLongerThanTheLimitIsRejected() {
        testSubject.givenNoPriorActivity()
                .when(new RegisterProduct(SKU, "n".repeat(ProductLimits.MAX_NAME_LENGTH + 1), 5, PRICE))
                .expectException(ruleViolationOn("name"))
                .expectNoEvents();
    }

    @Test
    void registeringWithANameOfExactlyTheLimitIsAllowed() {
        String name = "n".repeat(ProductLimits.MAX_NAME_LENGTH);
        testSubject.givenNoPriorActivity()
                .when(new RegisterProduct(SKU, name, 5, PRICE))
                .expectEvents(new ProductRegistered(SKU, name, 5, PRICE));
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MIN_VALUE, ProductLimits.MAX_INITIAL_STOCK + 1})
    void registeringWithAnInitialStockOutOfRangeIsRejected(long initialStock) {
        testSubject.givenNoPriorActivity()
                .when(new RegisterProduct(SKU, "Teapot", initialStock, PRICE))
                .expectException(ruleViolationOn("initialStock"))
                .expectNoEvents();
    }

    @Test
    void registeringWithoutAPriceIsRejected() {
        testSubject.givenNoPriorActivity()
                .when(new RegisterProduct(SKU, "Teapot", 5, null))
                .expectException(ruleViolationOn("price"))
                .expectNoEvents();
    }

    // --- restocking ---

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
    @ValueSource(longs = {0, -1, ProductLimits.MAX_RESTOCK + 1, Long.MAX_VALUE})
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
        testSubject.given(registered(5), new StockReserved(SKU, ORDER_A, 4))
                .when(new RestockProduct(SKU, 3, null))
                .expectEvents(new ProductRestocked(SKU, 3))
                .expectState(product -> assertStock(product, 4, 4));
    }

    // --- reserving ---

    @Test
    void reservingWhatIsAvailableMovesItToReservedForTheOrder() {
        testSubject.given(registered(5))
                .when(new ReserveStock(SKU, ORDER_A, 3))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new StockReserved(SKU, ORDER_A, 3))
                .expectResultMessagePayload(true)
                .expectState(product -> assertStock(product, 2, 3));
    }

    @Test
    void reservingExactlyAllThatIsAvailableSucceeds() {
        testSubject.given(registered(5), new StockReserved(SKU, ORDER_A, 2))
                .when(new ReserveStock(SKU, ORDER_B, 3))
                .expectEvents(new StockReserved(SKU, ORDER_B, 3))
                .expectResultMessagePayload(true)
                .expectState(product -> assertStock(product, 0, 5));
    }

    @Test
    void reservingMoreThanIsAvailableIsRejectedAsOutOfStockWithWhatWasAvailable() {
        testSubject.given(registered(5), new StockReserved(SKU, ORDER_A, 3))
                .when(new ReserveStock(SKU, ORDER_B, 3))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new StockReservationRejected(SKU, ORDER_B, 3, 2, StockRejectionReason.OUT_OF_STOCK))
                .expectResultMessagePayload(false)
                .expectState(product -> assertStock(product, 2, 3));
    }

    @Test
    void reservingFromAProductWithoutStockIsRejected() {
        testSubject.given(registered(0))
                .when(new ReserveStock(SKU, ORDER_A, 1))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new StockReservationRejected(SKU, ORDER_A, 1, 0, StockRejectionReason.OUT_OF_STOCK))
                .expectResultMessagePayload(false);
    }

    @Test
    void aRepeatedReservationForTheSameOrderChangesNothingAndAnswersReserved() {
        testSubject.given(registered(5), new StockReserved(SKU, ORDER_A, 3))
                .when(new ReserveStock(SKU, ORDER_A, 3))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(true)
                .expectState(product -> assertStock(product, 2, 3));
    }

    @Test
    void aRepeatedReservationIsIdempotentEvenWhenTheRestIsNoLongerAvailable() {
        testSubject.given(registered(5), new StockReserved(SKU, ORDER_A, 4))
                .when(new ReserveStock(SKU, ORDER_A, 4))
                .expectNoEvents()
                .expectResultMessagePayload(true);
    }

    @Test
    void aRejectedOrderMayReserveOnceStockHasArrived() {
        testSubject.given(registered(1),
                        new StockReservationRejected(SKU, ORDER_A, 3, 1, StockRejectionReason.OUT_OF_STOCK),
                        new ProductRestocked(SKU, 5))
                .when(new ReserveStock(SKU, ORDER_A, 3))
                .expectEvents(new StockReserved(SKU, ORDER_A, 3))
                .expectResultMessagePayload(true);
    }

    @Test
    void anOrderWhoseReservationWasReleasedMayReserveAgain() {
        testSubject.given(registered(5), new StockReserved(SKU, ORDER_A, 3), new StockReleased(SKU, ORDER_A, 3))
                .when(new ReserveStock(SKU, ORDER_A, 2))
                .expectEvents(new StockReserved(SKU, ORDER_A, 2))
                .expectState(product -> assertStock(product, 3, 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void reservingLessThanOneUnitIsACallersBug(int quantity) {
        testSubject.given(registered(5))
                .when(new ReserveStock(SKU, ORDER_A, quantity))
                .expectException(ruleViolationOn("quantity"))
                .expectNoEvents();
    }

    @Test
    void reservingForAnUnknownProductFails() {
        testSubject.givenNoPriorActivity()
                .when(new ReserveStock(SKU, ORDER_A, 1))
                .expectException(AggregateNotFoundException.class)
                .expectNoEvents();
    }

    // --- releasing ---

    @Test
    void releasingReturnsExactlyWhatTheOrderReserved() {
        testSubject.given(registered(10), new StockReserved(SKU, ORDER_A, 3), new StockReserved(SKU, ORDER_B, 4))
                .when(new ReleaseStock(SKU, ORDER_A))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new StockReleased(SKU, ORDER_A, 3))
                .expectResultMessagePayload(true)
                .expectState(product -> assertStock(product, 6, 4));
    }

    @Test
    void releasingForAnOrderWithoutReservationChangesNothing() {
        testSubject.given(registered(10), new StockReserved(SKU, ORDER_B, 4))
                .when(new ReleaseStock(SKU, ORDER_A))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void releasingTwiceReleasesOnce() {
        testSubject.given(registered(10), new StockReserved(SKU, ORDER_A, 3), new StockReleased(SKU, ORDER_A, 3))
                .when(new ReleaseStock(SKU, ORDER_A))
                .expectNoEvents()
                .expectResultMessagePayload(false)
                .expectState(product -> assertStock(product, 10, 0));
    }

    @Test
    void releasingAfterShippingChangesNothing() {
        testSubject.given(registered(10), new StockReserved(SKU, ORDER_A, 3), new StockShipped(SKU, ORDER_A, 3))
                .when(new ReleaseStock(SKU, ORDER_A))
                .expectNoEvents()
                .expectResultMessagePayload(false)
                .expectState(product -> assertStock(product, 7, 0));
    }

    // --- shipping ---

    @Test
    void shippingTakesTheOrdersReservedUnitsOutOfStock() {
        testSubject.given(registered(10), new StockReserved(SKU, ORDER_A, 3), new StockReserved(SKU, ORDER_B, 4))
                .when(new ShipStock(SKU, ORDER_A))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new StockShipped(SKU, ORDER_A, 3))
                .expectResultMessagePayload(true)
                .expectState(product -> assertStock(product, 3, 4));
    }

    @Test
    void shippingForAnOrderWithoutReservationChangesNothing() {
        testSubject.given(registered(10))
                .when(new ShipStock(SKU, ORDER_A))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void shippingTwiceShipsOnce() {
        testSubject.given(registered(10), new StockReserved(SKU, ORDER_A, 3), new StockShipped(SKU, ORDER_A, 3))
                .when(new ShipStock(SKU, ORDER_A))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void shippingAfterReleasingChangesNothing() {
        testSubject.given(registered(10), new StockReserved(SKU, ORDER_A, 3), new StockReleased(SKU, ORDER_A, 3))
                .when(new ShipStock(SKU, ORDER_A))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    // --- the stock invariant ---

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
                case 1 -> new ReserveStock(SKU, orderId, 1 + random.nextInt(12));
                case 2 -> new ReleaseStock(SKU, orderId);
                default -> new ShipStock(SKU, orderId);
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
                            } else if (event instanceof StockShipped shipment) {
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

    // --- snapshots ---

    /** A snapshot (Jackson, with default typing as the app configures it) keeps every reservation per order. */
    @Test
    void aSnapshotKeepsStockAndTheReservationsPerOrder() {
        JacksonSerializer serializer = JacksonSerializer.builder().objectMapper(new ObjectMapper()).defaultTyping().build();
        testSubject.given(registered(10), new StockReserved(SKU, ORDER_A, 3), new StockReserved(SKU, ORDER_B, 4))
                .when(new ShipStock(SKU, ORDER_B))
                .expectState(product -> {
                    SerializedObject<byte[]> snapshot = serializer.serialize(product, byte[].class);
                    Product restored = serializer.deserialize(snapshot);

                    assertStock(restored, 3, 3);
                    assertThat(new String(snapshot.getData(), StandardCharsets.UTF_8)).contains(ORDER_A)
                            .doesNotContain(ORDER_B);
                    assertThat(serializer.serialize(restored, byte[].class).getData()).isEqualTo(snapshot.getData());
                });
    }

    private static void assertStock(Product product, long available, long reserved) {
        assertThat(product.available()).as("available").isEqualTo(available);
        assertThat(product.reserved()).as("reserved").isEqualTo(reserved);
    }
}
