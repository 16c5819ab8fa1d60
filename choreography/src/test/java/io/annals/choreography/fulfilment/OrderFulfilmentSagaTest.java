package io.annals.choreography.fulfilment;

import io.annals.kernel.Money;
import io.annals.kernel.order.Address;
import io.annals.kernel.order.CancelUnfulfillableOrder;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.order.MarkOrderPaid;
import io.annals.kernel.order.MarkOrderShipped;
import io.annals.kernel.order.MarkOrderStockReserved;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderCompleted;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderStockReserved;
import io.annals.kernel.order.RequestConfirmation;
import io.annals.kernel.order.RequestShipment;
import io.annals.kernel.order.ShipmentPostponed;
import io.annals.kernel.payment.PaymentFailed;
import io.annals.kernel.payment.PaymentPostponed;
import io.annals.kernel.payment.PaymentRequested;
import io.annals.kernel.payment.PaymentTaken;
import io.annals.kernel.payment.RefundCompleted;
import io.annals.kernel.payment.RefundFailed;
import io.annals.kernel.payment.RefundPayment;
import io.annals.kernel.payment.RequestPayment;
import io.annals.kernel.payment.RequestRefund;
import io.annals.kernel.product.ProductStockReservationRejected;
import io.annals.kernel.product.ProductStockReserved;
import io.annals.kernel.product.ReleaseProductStock;
import io.annals.kernel.product.ReserveProductStock;
import io.annals.kernel.product.ShipProductStock;
import io.annals.kernel.product.StockRejectionReason;
import io.annals.kernel.shipment.RecordShipmentFailure;
import io.annals.kernel.shipment.ShipmentCreated;
import io.annals.kernel.shipment.ShipmentFailed;
import org.axonframework.test.saga.ContinuedGivenState;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The fulfilment saga, path by path: given the events so far, when the next one arrives, then these commands. The
 * saga only routes, so every provider's answer is an event here (the provider steps are tested on their own).
 * Commands are listed in the order they are dispatched as the transaction commits: commands to no aggregate first,
 * then by target aggregate identifier ({@link SagaCommands}); the payment's identifier sorts before the order's.
 */
class OrderFulfilmentSagaTest {

    private static final String ORDER = "order-1";
    private static final Money TOTAL = new Money(new BigDecimal("30.00"), "EUR"); // the sum of LINES
    private static final Address ADDRESS = new Address("1 Main St", "Springfield", "12345", "US");
    private static final List<OrderLine> LINES = List.of(
            new OrderLine("sku-b", 2, new Money(new BigDecimal("10.00"), "EUR")),
            new OrderLine("sku-a", 1, new Money(new BigDecimal("5.00"), "EUR")),
            new OrderLine("sku-b", 1, new Money(new BigDecimal("5.00"), "EUR")));
    private static final OrderPlaced PLACED =
            new OrderPlaced(ORDER, "customer-1", "ada@example.com", LINES, TOTAL, ADDRESS);
    private static final FulfilmentSettings SETTINGS = new FulfilmentSettings(Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(2), 3, 10, 5, Duration.ofDays(7));
    private static final String PAYMENT = FulfilmentIds.payment(ORDER);
    private static final String SHIPMENT = FulfilmentIds.shipment(ORDER);

    private SagaTestFixture<OrderFulfilmentSaga> testSubject;

    @BeforeEach
    void setUp() {
        testSubject = new SagaTestFixture<>(OrderFulfilmentSaga.class);
        testSubject.registerResource((SkuDirectory) skus -> skus.stream().filter(sku -> sku.startsWith("unknown")).toList());
        testSubject.registerResource(SETTINGS);
        testSubject.registerResource(new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return testSubject.currentTime();
            }
        });
    }

    @Test
    void placingAnOrderReservesEachSkuOnceInAscendingOrderThenMarksTheOrder() {
        testSubject.givenNoPriorActivity()
                .whenAggregate(ORDER).publishes(PLACED)
                .expectActiveSagas(1)
                .expectAssociationWith("orderId", ORDER)
                .expectDispatchedCommands(new ReserveProductStock("sku-a", ORDER, 1),
                        new ReserveProductStock("sku-b", ORDER, 3));
        testSubject.whenAggregate("sku-b").publishes(reserved("sku-b", 3))
                .expectNoDispatchedCommands();
        testSubject.whenAggregate("sku-a").publishes(reserved("sku-a", 1))
                .expectDispatchedCommands(new MarkOrderStockReserved(ORDER));
    }

    @Test
    void theHappyPathPaysShipsAndEndsWhenTheConfirmationWasDelivered() {
        givenReserved()
                .whenAggregate(ORDER).publishes(new OrderStockReserved(ORDER))
                .expectDispatchedCommands(new RequestPayment(ORDER, PAYMENT, TOTAL));
        testSubject.whenAggregate(ORDER).publishes(paymentRequested()).expectNoDispatchedCommands();
        testSubject.whenAggregate(PAYMENT).publishes(taken())
                .expectDispatchedCommands(new MarkOrderPaid(ORDER, PAYMENT), new RequestShipment(ORDER, SHIPMENT));
        testSubject.whenAggregate(SHIPMENT).publishes(new ShipmentCreated(SHIPMENT, ORDER, "TRK-1"))
                .expectDispatchedCommands(new MarkOrderShipped(ORDER, SHIPMENT, "TRK-1"),
                        new RequestConfirmation(ORDER),
                        new ShipProductStock("sku-a", ORDER), new ShipProductStock("sku-b", ORDER));

        testSubject.whenAggregate(ORDER).publishes(new OrderCompleted(ORDER, "batch-1"))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
    }

    @Test
    void aPartialReservationThenOutOfStockReleasesWhatWasReservedAndCancels() {
        givenPlaced()
                .andThenAggregate("sku-a").published(reserved("sku-a", 1))
                .whenAggregate("sku-b").publishes(rejected("sku-b", 3))
                .expectDispatchedCommands(new CancelUnfulfillableOrder(ORDER, CancellationReason.OUT_OF_STOCK, "not enough stock of sku-b (3 requested)"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
    }

    @Test
    void anUnknownSkuCancelsWithoutReservingAnything() {
        OrderPlaced withUnknown = new OrderPlaced(ORDER, "customer-1", "ada@example.com",
                List.of(LINES.get(0), new OrderLine("unknown-sku", 1, new Money(new BigDecimal("1.00"), "EUR"))),
                TOTAL, ADDRESS);
        testSubject.givenNoPriorActivity()
                .whenAggregate(ORDER).publishes(withUnknown)
                .expectDispatchedCommands(new CancelUnfulfillableOrder(ORDER, CancellationReason.UNKNOWN_SKU, "unknown sku unknown-sku"))
                .expectActiveSagas(0);
    }

    @Test
    void aFailedPaymentIsRecordedAndTheStockReleased() {
        givenPaying()
                .whenAggregate(PAYMENT).publishes(new PaymentFailed(PAYMENT, ORDER, TOTAL, "payment failed: declined", false))
                .expectDispatchedCommands(
                        new CancelUnfulfillableOrder(ORDER, CancellationReason.PAYMENT_FAILED, "payment failed: declined"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
    }

    @Test
    void anOpenCircuitIsNotAFailureTheSagaRetriesUntilThePaymentDeadline() {
        givenPaying()
                .whenAggregate(ORDER).publishes(new PaymentPostponed(ORDER, PAYMENT, "payment is unavailable"))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);

        // asked again after the retry interval; the circuit is still open
        testSubject.whenTimeElapses(Duration.ofSeconds(2))
                .expectDispatchedCommands(new RequestPayment(ORDER, PAYMENT, TOTAL));
        testSubject.whenAggregate(ORDER).publishes(new PaymentPostponed(ORDER, PAYMENT, "payment is unavailable"))
                .expectNoDispatchedCommands();
        // the retries go on until the deadline decides; its last retry's answer comes after it
        testSubject.whenTimeElapses(Duration.ofSeconds(29))
                .expectActiveSagas(1);
        testSubject.whenAggregate(ORDER).publishes(new PaymentPostponed(ORDER, PAYMENT, "payment is unavailable"))
                .expectDispatchedCommands(new CancelUnfulfillableOrder(ORDER, CancellationReason.PAYMENT_TIMEOUT, "no payment within 30 s"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
    }

    @Test
    void aCircuitThatClosesAgainLetsThePaymentThrough() {
        givenPaying()
                .andThenAggregate(ORDER).published(new PaymentPostponed(ORDER, PAYMENT, "payment is unavailable"))
                .whenTimeElapses(Duration.ofSeconds(3))
                .expectDispatchedCommands(new RequestPayment(ORDER, PAYMENT, TOTAL))
                .expectActiveSagas(1);
        testSubject.whenAggregate(ORDER).publishes(paymentRequested()).expectNoDispatchedCommands();
        testSubject.whenAggregate(PAYMENT).publishes(taken())
                .expectDispatchedCommands(new MarkOrderPaid(ORDER, PAYMENT), new RequestShipment(ORDER, SHIPMENT))
                .expectActiveSagas(1);
    }

    @Test
    void aPaymentTimeoutWhileTheChargeIsUnderWayWaitsForItsAnswerAndRefundsWhatWasTaken() {
        givenPaying()
                .whenTimeElapses(Duration.ofSeconds(31))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        testSubject.whenAggregate(PAYMENT).publishes(taken())
                .expectDispatchedCommands(new RequestRefund(ORDER, PAYMENT, TOTAL, "PAYMENT_TIMEOUT"));
        testSubject.whenAggregate(ORDER).publishes(new RefundCompleted(ORDER, PAYMENT))
                .expectDispatchedCommands(new RefundPayment(PAYMENT, "PAYMENT_TIMEOUT"),
                        new CancelUnfulfillableOrder(ORDER, CancellationReason.PAYMENT_TIMEOUT, "no payment within 30 s"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
    }

    @Test
    void aShippingFailureRefundsThePaymentAndReleasesTheStock() {
        givenShipping()
                .whenAggregate(SHIPMENT).publishes(new ShipmentFailed(SHIPMENT, ORDER, "shipping failed: address rejected"))
                .expectDispatchedCommands(new RequestRefund(ORDER, PAYMENT, TOTAL, "SHIPPING_FAILED"))
                .expectActiveSagas(1);
        testSubject.whenAggregate(ORDER).publishes(new RefundCompleted(ORDER, PAYMENT))
                .expectDispatchedCommands(new RefundPayment(PAYMENT, "SHIPPING_FAILED"),
                        new CancelUnfulfillableOrder(ORDER, CancellationReason.SHIPPING_FAILED, "shipping failed: address rejected"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
    }

    @Test
    void aShippingTimeoutRecordsTheFailureThenRefundsAndReleases() {
        givenShipping()
                .whenTimeElapses(Duration.ofSeconds(61))
                .expectDispatchedCommands(new RequestRefund(ORDER, PAYMENT, TOTAL, "SHIPPING_FAILED"),
                        new RecordShipmentFailure(SHIPMENT, ORDER, "timed out"))
                .expectActiveSagas(1);
    }

    @Test
    void anOpenCarrierCircuitIsRetriedAfterTheRetryInterval() {
        givenShipping()
                .andThenAggregate(ORDER).published(new ShipmentPostponed(ORDER, SHIPMENT, "shipping is unavailable"))
                .whenTimeElapses(Duration.ofSeconds(3))
                .expectDispatchedCommands(new RequestShipment(ORDER, SHIPMENT))
                .expectActiveSagas(1);
    }

    @Test
    void deadlinesLeftBehindByAPaidAndShippedOrderDoNothingWhenTheyFire() {
        givenShipping()
                .andThenAggregate(SHIPMENT).published(new ShipmentCreated(SHIPMENT, ORDER, "TRK-1"))
                .whenTimeElapses(Duration.ofSeconds(61))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    @Test
    void aChargeWithoutAnswerIsRefundedAtTheProviderWhenTheOrderIsCancelled() {
        givenPaying()
                .whenAggregate(PAYMENT).publishes(new PaymentFailed(PAYMENT, ORDER, TOTAL, "payment failed: unreachable", true))
                .expectDispatchedCommands(new RequestRefund(ORDER, PAYMENT, TOTAL, "PAYMENT_FAILED"))
                .expectActiveSagas(1);
        // nothing was recorded as taken, so there is no payment to mark refunded
        testSubject.whenAggregate(ORDER).publishes(new RefundCompleted(ORDER, PAYMENT))
                .expectDispatchedCommands(new CancelUnfulfillableOrder(ORDER, CancellationReason.PAYMENT_FAILED, "payment failed: unreachable"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
    }

    @Test
    void aRefundThatKeepsFailingIsGivenUpAfterItsAttemptsSoTheStockIsNotHeldForever() throws Exception {
        var refunding = givenShipping()
                .andThenAggregate(SHIPMENT).published(new ShipmentFailed(SHIPMENT, ORDER, "shipping failed: down"));
        for (int attempt = 1; attempt < SETTINGS.refundAttempts(); attempt++) {
            refunding = refunding.andThenAggregate(ORDER).published(refundFailed())
                    .andThenTimeElapses(Duration.ofSeconds(2));
        }
        refunding.whenAggregate(ORDER).publishes(refundFailed())
                .expectDispatchedCommands(new CancelUnfulfillableOrder(ORDER, CancellationReason.SHIPPING_FAILED, "shipping failed: down"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
    }

    @Test
    void aRefundThatCannotGoThroughYetIsRetriedBeforeAnythingElseIsUndone() {
        givenShipping()
                .andThenAggregate(SHIPMENT).published(new ShipmentFailed(SHIPMENT, ORDER, "shipping failed: down"))
                .whenAggregate(ORDER).publishes(refundFailed())
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);

        testSubject.whenTimeElapses(Duration.ofSeconds(2))
                .expectDispatchedCommands(new RequestRefund(ORDER, PAYMENT, TOTAL, "SHIPPING_FAILED"))
                .expectActiveSagas(1);
        testSubject.whenAggregate(ORDER).publishes(new RefundCompleted(ORDER, PAYMENT))
                .expectDispatchedCommands(new RefundPayment(PAYMENT, "SHIPPING_FAILED"),
                        new CancelUnfulfillableOrder(ORDER, CancellationReason.SHIPPING_FAILED, "shipping failed: down"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
    }

    @Test
    void aCustomerCancelRacingThePlacementReleasesEverySku() {
        givenPlaced()
                .whenAggregate(ORDER).publishes(cancelledByCustomer())
                .expectDispatchedCommands(new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
    }

    @Test
    void aPaymentTakenAfterTheCustomerCancelledIsRefunded() {
        givenPaying()
                .andThenAggregate(ORDER).published(cancelledByCustomer())
                .whenAggregate(PAYMENT).publishes(taken())
                .expectDispatchedCommands(new RequestRefund(ORDER, PAYMENT, TOTAL, "CANCELLED_BY_CUSTOMER"))
                .expectActiveSagas(1);
        testSubject.whenAggregate(ORDER).publishes(new RefundCompleted(ORDER, PAYMENT))
                .expectDispatchedCommands(new RefundPayment(PAYMENT, "CANCELLED_BY_CUSTOMER"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
    }

    @Test
    void aCustomerCancelWhileTheChargeIsUnderWayWaitsForItsAnswer() {
        givenPaying()
                .whenAggregate(ORDER).publishes(cancelledByCustomer())
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        testSubject.whenAggregate(ORDER).publishes(new PaymentPostponed(ORDER, PAYMENT, "payment is unavailable"))
                .expectDispatchedCommands(new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
    }

    @Test
    void aCustomerCancelBetweenReservationAndPaymentReleasesTheStock() {
        givenPaying()
                .andThenAggregate(ORDER).published(new PaymentPostponed(ORDER, PAYMENT, "payment is unavailable"))
                .whenAggregate(ORDER).publishes(cancelledByCustomer())
                .expectDispatchedCommands(new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
    }

    @Test
    void aShippingRetryAfterTheCustomerCancelledCallsNoCarrier() {
        givenShipping()
                .andThenAggregate(ORDER).published(new ShipmentPostponed(ORDER, SHIPMENT, "shipping is unavailable"))
                .andThenAggregate(ORDER).published(cancelledByCustomer())
                .whenTimeElapses(Duration.ofSeconds(3))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
    }

    @Test
    void aCustomerCancelWhileTheShipmentWaitsRefundsFirstThenReleases() {
        givenShipping()
                .andThenAggregate(ORDER).published(new ShipmentPostponed(ORDER, SHIPMENT, "shipping is unavailable"))
                .whenAggregate(ORDER).publishes(cancelledByCustomer())
                .expectDispatchedCommands(new RequestRefund(ORDER, PAYMENT, TOTAL, "CANCELLED_BY_CUSTOMER"))
                .expectActiveSagas(1);
        testSubject.whenAggregate(ORDER).publishes(new RefundCompleted(ORDER, PAYMENT))
                .expectDispatchedCommands(new RefundPayment(PAYMENT, "CANCELLED_BY_CUSTOMER"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
    }

    @Test
    void duplicateEventsChangeNothing() {
        givenReserved()
                .whenAggregate(ORDER).publishes(PLACED)
                .expectNoDispatchedCommands();
        testSubject.whenAggregate("sku-a").publishes(reserved("sku-a", 1)).expectNoDispatchedCommands();
        testSubject.whenAggregate(ORDER).publishes(new OrderStockReserved(ORDER))
                .expectDispatchedCommands(new RequestPayment(ORDER, PAYMENT, TOTAL));
        testSubject.whenAggregate(ORDER).publishes(new OrderStockReserved(ORDER))
                .expectNoDispatchedCommands();
        testSubject.whenAggregate(PAYMENT).publishes(taken())
                .expectDispatchedCommands(new MarkOrderPaid(ORDER, PAYMENT), new RequestShipment(ORDER, SHIPMENT));
        testSubject.whenAggregate(PAYMENT).publishes(taken()).expectNoDispatchedCommands();
        testSubject.whenAggregate(SHIPMENT).publishes(new ShipmentCreated(SHIPMENT, ORDER, "TRK-1"))
                .expectDispatchedCommands(new MarkOrderShipped(ORDER, SHIPMENT, "TRK-1"),
                        new RequestConfirmation(ORDER),
                        new ShipProductStock("sku-a", ORDER), new ShipProductStock("sku-b", ORDER));
        testSubject.whenAggregate(SHIPMENT).publishes(new ShipmentCreated(SHIPMENT, ORDER, "TRK-1"))
                .expectNoDispatchedCommands();
    }

    @Test
    void aLateCancellationOfAnEndedSagaIsIgnored() {
        givenPlaced()
                .andThenAggregate("sku-a").published(rejected("sku-a", 1))
                .andThenAggregate("sku-b").published(reserved("sku-b", 3))
                .whenAggregate(ORDER).publishes(new OrderCancelled(ORDER, CancellationReason.OUT_OF_STOCK, "x"))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    private static OrderCancelled cancelledByCustomer() {
        return new OrderCancelled(ORDER, CancellationReason.CANCELLED_BY_CUSTOMER, "changed my mind");
    }

    private static ProductStockReserved reserved(String sku, int quantity) {
        return new ProductStockReserved(sku, ORDER, quantity);
    }

    private static ProductStockReservationRejected rejected(String sku, int quantity) {
        return new ProductStockReservationRejected(sku, ORDER, quantity, 0, StockRejectionReason.OUT_OF_STOCK);
    }

    private static PaymentRequested paymentRequested() {
        return new PaymentRequested(ORDER, PAYMENT, TOTAL);
    }

    private static PaymentTaken taken() {
        return new PaymentTaken(PAYMENT, ORDER, TOTAL, "psp-1");
    }

    private static RefundFailed refundFailed() {
        return new RefundFailed(ORDER, PAYMENT, "payment failed: declined with 422");
    }

    private ContinuedGivenState givenPlaced() {
        return testSubject.givenAggregate(ORDER).published(PLACED);
    }

    /** Placed, and every sku reserved (the products answered yes); the order is being marked. */
    private ContinuedGivenState givenReserved() {
        return givenPlaced()
                .andThenAggregate("sku-a").published(reserved("sku-a", 1))
                .andThenAggregate("sku-b").published(reserved("sku-b", 3));
    }

    /** Stock reserved, the charge asked for and under way. */
    private ContinuedGivenState givenPaying() {
        return givenReserved()
                .andThenAggregate(ORDER).published(new OrderStockReserved(ORDER))
                .andThenAggregate(ORDER).published(paymentRequested());
    }

    /** Paid, the shipment asked for and under way. */
    private ContinuedGivenState givenShipping() {
        return givenPaying().andThenAggregate(PAYMENT).published(taken());
    }
}
