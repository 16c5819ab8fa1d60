package io.annals.choreography.fulfilment;

import io.annals.choreography.provider.Confirmation;
import io.annals.choreography.provider.PaymentGateway;
import io.annals.choreography.provider.PaymentReceipt;
import io.annals.choreography.provider.ProviderFailedException;
import io.annals.choreography.provider.ProviderUnavailableException;
import io.annals.choreography.provider.ShipmentReceipt;
import io.annals.choreography.provider.ShippingGateway;
import io.annals.kernel.Money;
import io.annals.kernel.order.Address;
import io.annals.kernel.order.CancelUnfulfillableOrder;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.order.CheckShippable;
import io.annals.kernel.order.MarkOrderPaid;
import io.annals.kernel.order.MarkOrderShipped;
import io.annals.kernel.order.MarkOrderStockReserved;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderCompleted;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderStockReserved;
import io.annals.kernel.payment.RecordPayment;
import io.annals.kernel.payment.RecordPaymentFailure;
import io.annals.kernel.payment.RefundPayment;
import io.annals.kernel.product.ReleaseProductStock;
import io.annals.kernel.product.ReserveProductStock;
import io.annals.kernel.product.ShipProductStock;
import io.annals.kernel.shipment.RecordShipment;
import io.annals.kernel.shipment.RecordShipmentFailure;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The fulfilment saga, path by path: given the events so far, when the next one arrives, then these commands. */
class OrderFulfilmentSagaTest {

    private static final String ORDER = "order-1";
    private static final Money TOTAL = new Money(new BigDecimal("35.00"), "EUR");
    private static final Address ADDRESS = new Address("1 Main St", "Springfield", "12345", "US");
    private static final List<OrderLine> LINES = List.of(
            new OrderLine("sku-b", 2, new Money(new BigDecimal("10.00"), "EUR")),
            new OrderLine("sku-a", 1, new Money(new BigDecimal("5.00"), "EUR")),
            new OrderLine("sku-b", 1, new Money(new BigDecimal("5.00"), "EUR")));
    private static final OrderPlaced PLACED =
            new OrderPlaced(ORDER, "customer-1", "ada@example.com", LINES, TOTAL, ADDRESS);
    private static final FulfilmentSettings SETTINGS = new FulfilmentSettings(Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(2), 3, 10, 5, Duration.ofDays(7));

    private SagaTestFixture<OrderFulfilmentSaga> testSubject;
    private PaymentGateway payments;
    private ShippingGateway shipping;
    private OrderConfirmations confirmations;
    private final List<FulfilmentStep> journal = new ArrayList<>();
    private final Set<String> refusedSkus = new HashSet<>();
    private String paymentId;
    private String shipmentId;

    @BeforeEach
    void setUp() {
        testSubject = new SagaTestFixture<>(OrderFulfilmentSaga.class);
        payments = mock(PaymentGateway.class);
        shipping = mock(ShippingGateway.class);
        confirmations = mock(OrderConfirmations.class);
        testSubject.registerResource(payments);
        testSubject.registerResource(shipping);
        testSubject.registerResource(confirmations);
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
        testSubject.registerResource(new FulfilmentJournal() {
            @Override
            public void started(String sagaId, String orderId, Instant startedAt) {
                assertThat(sagaId).isNotBlank();
            }

            @Override
            public void stepReached(String sagaId, FulfilmentStep step, Instant deadlineAt) {
                journal.add(step);
            }
        });
        OrderFulfilmentSaga probe = new OrderFulfilmentSaga();
        paymentId = probeIds(probe)[0];
        shipmentId = probeIds(probe)[1];
        // the aggregates answer every workflow command with "applied", except reservations of refused skus
        testSubject.setCallbackBehavior((command, metaData) ->
                !(command instanceof ReserveProductStock reserve && refusedSkus.contains(reserve.sku())));
        when(payments.charge(anyString(), anyString(), any())).thenReturn(new PaymentReceipt("psp-1"));
        when(shipping.createShipment(anyString(), anyString(), any(), any())).thenReturn(new ShipmentReceipt("TRK-1"));
    }

    private static String[] probeIds(OrderFulfilmentSaga saga) {
        try {
            var field = OrderFulfilmentSaga.class.getDeclaredField("orderId");
            field.setAccessible(true);
            field.set(saga, ORDER);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
        return new String[]{saga.paymentId(), saga.shipmentId()};
    }

    @Test
    void placingAnOrderReservesEachSkuOnceInAscendingOrderThenMarksTheOrder() {
        testSubject.givenNoPriorActivity()
                .whenAggregate(ORDER).publishes(PLACED)
                .expectActiveSagas(1)
                .expectAssociationWith("orderId", ORDER)
                .expectDispatchedCommands(new ReserveProductStock("sku-a", ORDER, 1), new ReserveProductStock("sku-b", ORDER, 3),
                        new MarkOrderStockReserved(ORDER));
    }

    @Test
    void theHappyPathPaysShipsAndEndsWhenTheConfirmationWasDelivered() {
        givenReserved()
                .whenAggregate(ORDER).publishes(new OrderStockReserved(ORDER), Map.of("correlationId", "placing-request"))
                .expectDispatchedCommands(new RecordPayment(paymentId, ORDER, TOTAL, "psp-1"),
                        new MarkOrderPaid(ORDER, paymentId), new CheckShippable(ORDER),
                        new RecordShipment(shipmentId, ORDER, "TRK-1"),
                        new MarkOrderShipped(ORDER, shipmentId, "TRK-1"),
                        new ShipProductStock("sku-a", ORDER), new ShipProductStock("sku-b", ORDER));
        verify(confirmations).enqueue(new Confirmation(ORDER, "ada@example.com", "TRK-1"), 5, "placing-request");

        testSubject.whenAggregate(ORDER).publishes(new OrderCompleted(ORDER, "batch-1"))
                .expectActiveSagas(0)
                .expectNoDispatchedCommands();
        verify(payments).charge(paymentId, ORDER, TOTAL);
        verify(shipping).createShipment(shipmentId, ORDER, ADDRESS, LINES);
        assertThat(journal).containsSubsequence(FulfilmentStep.RESERVING_STOCK, FulfilmentStep.STOCK_RESERVED,
                FulfilmentStep.PAYING, FulfilmentStep.SHIPPING, FulfilmentStep.CONFIRMING, FulfilmentStep.COMPLETED);
    }

    @Test
    void aPartialReservationThenOutOfStockReleasesWhatWasReservedAndCancels() {
        refusedSkus.add("sku-b");
        testSubject.givenNoPriorActivity()
                .whenAggregate(ORDER).publishes(PLACED)
                .expectDispatchedCommands(new ReserveProductStock("sku-a", ORDER, 1), new ReserveProductStock("sku-b", ORDER, 3),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER),
                        new CancelUnfulfillableOrder(ORDER, CancellationReason.OUT_OF_STOCK, "not enough stock of sku-b (3 requested)"))
                .expectActiveSagas(0);
        verify(payments, never()).charge(anyString(), anyString(), any());
        assertThat(journal).endsWith(FulfilmentStep.COMPENSATING, FulfilmentStep.CANCELLED);
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
        when(payments.charge(anyString(), anyString(), any()))
                .thenThrow(new ProviderFailedException("payment", "declined", null));
        givenReserved()
                .whenAggregate(ORDER).publishes(new OrderStockReserved(ORDER))
                .expectDispatchedCommands(
                        new RecordPaymentFailure(paymentId, ORDER, TOTAL, "payment failed: declined"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER),
                        new CancelUnfulfillableOrder(ORDER, CancellationReason.PAYMENT_FAILED, "payment failed: declined"))
                .expectActiveSagas(0);
        verify(payments, never()).refund(anyString(), any());
    }

    @Test
    void anOpenCircuitIsNotAFailureTheSagaRetriesUntilThePaymentDeadline() {
        when(payments.charge(anyString(), anyString(), any()))
                .thenThrow(new ProviderUnavailableException("payment", null));
        givenReserved()
                .whenAggregate(ORDER).publishes(new OrderStockReserved(ORDER))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);

        testSubject.whenTimeElapses(Duration.ofSeconds(31))
                .expectDispatchedCommands(new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER),
                        new CancelUnfulfillableOrder(ORDER, CancellationReason.PAYMENT_TIMEOUT, "no payment within 30 s"))
                .expectActiveSagas(0);
        // the first attempt, then again after the retry interval
        verify(payments, atLeast(2)).charge(paymentId, ORDER, TOTAL);
    }

    @Test
    void aCircuitThatClosesAgainLetsThePaymentThrough() {
        when(payments.charge(anyString(), anyString(), any()))
                .thenThrow(new ProviderUnavailableException("payment", null))
                .thenReturn(new PaymentReceipt("psp-2"));
        givenReserved()
                .andThenAggregate(ORDER).published(new OrderStockReserved(ORDER))
                .whenTimeElapses(Duration.ofSeconds(3))
                .expectDispatchedCommands(new RecordPayment(paymentId, ORDER, TOTAL, "psp-2"),
                        new MarkOrderPaid(ORDER, paymentId), new CheckShippable(ORDER), new RecordShipment(shipmentId, ORDER, "TRK-1"),
                        new MarkOrderShipped(ORDER, shipmentId, "TRK-1"),
                        new ShipProductStock("sku-a", ORDER), new ShipProductStock("sku-b", ORDER))
                .expectActiveSagas(1);
    }

    @Test
    void aShippingFailureRefundsThePaymentAndReleasesTheStock() {
        when(shipping.createShipment(anyString(), anyString(), any(), any()))
                .thenThrow(new ProviderFailedException("shipping", "address rejected", null));
        givenReserved()
                .whenAggregate(ORDER).publishes(new OrderStockReserved(ORDER))
                .expectDispatchedCommands(
                        new RecordPayment(paymentId, ORDER, TOTAL, "psp-1"), new MarkOrderPaid(ORDER, paymentId), new CheckShippable(ORDER),
                        new RecordShipmentFailure(shipmentId, ORDER, "shipping failed: address rejected"),
                        new RefundPayment(paymentId, "SHIPPING_FAILED"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER),
                        new CancelUnfulfillableOrder(ORDER, CancellationReason.SHIPPING_FAILED, "shipping failed: address rejected"))
                .expectActiveSagas(0);
        verify(payments).refund(paymentId, TOTAL);
    }

    @Test
    void deadlinesLeftBehindByAPaidAndShippedOrderDoNothingWhenTheyFire() {
        givenReserved()
                .andThenAggregate(ORDER).published(new OrderStockReserved(ORDER))
                .whenTimeElapses(Duration.ofSeconds(61))
                .expectNoDispatchedCommands()
                .expectActiveSagas(1);
        verify(payments, times(1)).charge(anyString(), anyString(), any());
        verify(payments, never()).refund(anyString(), any());
    }

    @Test
    void aChargeWithoutAnswerIsRefundedAtTheProviderWhenTheOrderIsCancelled() {
        when(payments.charge(anyString(), anyString(), any()))
                .thenThrow(new ProviderFailedException("payment", "unreachable", null, true));
        givenReserved()
                .whenAggregate(ORDER).publishes(new OrderStockReserved(ORDER))
                .expectDispatchedCommands(
                        new RecordPaymentFailure(paymentId, ORDER, TOTAL, "payment failed: unreachable"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER),
                        new CancelUnfulfillableOrder(ORDER, CancellationReason.PAYMENT_FAILED, "payment failed: unreachable"))
                .expectActiveSagas(0);
        verify(payments).refund(paymentId, TOTAL);
    }

    @Test
    void aRefundThatKeepsFailingIsGivenUpAfterItsAttemptsSoTheStockIsNotHeldForever() {
        when(shipping.createShipment(anyString(), anyString(), any(), any()))
                .thenThrow(new ProviderFailedException("shipping", "down", null));
        org.mockito.Mockito.doThrow(new ProviderFailedException("payment", "declined with 422", null))
                .when(payments).refund(anyString(), any());
        givenReserved()
                .andThenAggregate(ORDER).published(new OrderStockReserved(ORDER))
                .whenTimeElapses(Duration.ofSeconds(10))
                .expectDispatchedCommands(new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER),
                        new CancelUnfulfillableOrder(ORDER, CancellationReason.SHIPPING_FAILED, "shipping failed: down"))
                .expectActiveSagas(0);
        verify(payments, times(SETTINGS.refundAttempts())).refund(paymentId, TOTAL);
    }

    @Test
    void aRefundThatCannotGoThroughYetIsRetriedBeforeAnythingElseIsUndone() {
        when(shipping.createShipment(anyString(), anyString(), any(), any()))
                .thenThrow(new ProviderFailedException("shipping", "down", null));
        org.mockito.Mockito.doThrow(new ProviderUnavailableException("payment", null)).doNothing()
                .when(payments).refund(anyString(), any());
        givenReserved()
                .whenAggregate(ORDER).publishes(new OrderStockReserved(ORDER))
                .expectDispatchedCommands(new RecordPayment(paymentId, ORDER, TOTAL, "psp-1"),
                        new MarkOrderPaid(ORDER, paymentId), new CheckShippable(ORDER),
                        new RecordShipmentFailure(shipmentId, ORDER, "shipping failed: down"))
                .expectActiveSagas(1);

        testSubject.whenTimeElapses(Duration.ofSeconds(2))
                .expectDispatchedCommands(new RefundPayment(paymentId, "SHIPPING_FAILED"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER),
                        new CancelUnfulfillableOrder(ORDER, CancellationReason.SHIPPING_FAILED, "shipping failed: down"))
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
        testSubject.setCallbackBehavior((command, metaData) -> !(command instanceof MarkOrderPaid));
        givenReserved()
                .andThenAggregate(ORDER).published(new OrderStockReserved(ORDER))
                .whenAggregate(ORDER).publishes(cancelledByCustomer())
                .expectDispatchedCommands(new RefundPayment(paymentId, "CANCELLED_BY_CUSTOMER"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
        verify(shipping, never()).createShipment(anyString(), anyString(), any(), any());
    }

    @Test
    void aCustomerCancelBetweenReservationAndPaymentReleasesTheStock() {
        when(payments.charge(anyString(), anyString(), any()))
                .thenThrow(new ProviderUnavailableException("payment", null));
        givenReserved()
                .andThenAggregate(ORDER).published(new OrderStockReserved(ORDER))
                .whenAggregate(ORDER).publishes(cancelledByCustomer())
                .expectDispatchedCommands(new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
        verify(payments, never()).refund(anyString(), any());
    }

    @Test
    void aShippingRetryAfterTheCustomerCancelledCallsNoCarrier() {
        when(shipping.createShipment(anyString(), anyString(), any(), any()))
                .thenThrow(new ProviderUnavailableException("shipping", null));
        var paidWhileTheCarrierIsUnavailable = givenPaid();
        // the customer's cancel is committed; the saga has not seen its OrderCancelled yet
        testSubject.setCallbackBehavior((command, metaData) -> !(command instanceof CheckShippable));

        paidWhileTheCarrierIsUnavailable.whenTimeElapses(Duration.ofSeconds(3))
                .expectDispatchedCommands(new CheckShippable(ORDER))
                .expectActiveSagas(1);
        verify(shipping, times(1)).createShipment(anyString(), anyString(), any(), any());
    }

    @Test
    void aCustomerCancelWhileTheShipmentWaitsRefundsFirstThenReleases() {
        when(shipping.createShipment(anyString(), anyString(), any(), any()))
                .thenThrow(new ProviderUnavailableException("shipping", null));
        givenPaid()
                .whenAggregate(ORDER).publishes(cancelledByCustomer())
                .expectDispatchedCommands(new RefundPayment(paymentId, "CANCELLED_BY_CUSTOMER"),
                        new ReleaseProductStock("sku-a", ORDER), new ReleaseProductStock("sku-b", ORDER))
                .expectActiveSagas(0);
        verify(payments).refund(paymentId, TOTAL);
    }

    @Test
    void duplicateEventsChangeNothing() {
        givenReserved()
                .whenAggregate(ORDER).publishes(PLACED)
                .expectNoDispatchedCommands();
        testSubject.whenAggregate(ORDER).publishes(new OrderStockReserved(ORDER))
                .expectDispatchedCommands(new RecordPayment(paymentId, ORDER, TOTAL, "psp-1"),
                        new MarkOrderPaid(ORDER, paymentId), new CheckShippable(ORDER), new RecordShipment(shipmentId, ORDER, "TRK-1"),
                        new MarkOrderShipped(ORDER, shipmentId, "TRK-1"),
                        new ShipProductStock("sku-a", ORDER), new ShipProductStock("sku-b", ORDER));
        testSubject.whenAggregate(ORDER).publishes(new OrderStockReserved(ORDER))
                .expectNoDispatchedCommands();
        verify(payments, times(1)).charge(anyString(), anyString(), any());
        verify(shipping, times(1)).createShipment(anyString(), anyString(), any(), any());
    }

    @Test
    void aLateCancellationOfAnEndedSagaIsIgnored() {
        refusedSkus.add("sku-a");
        givenPlaced()
                .whenAggregate(ORDER).publishes(new OrderCancelled(ORDER, CancellationReason.OUT_OF_STOCK, "x"))
                .expectNoDispatchedCommands()
                .expectActiveSagas(0);
    }

    private static OrderCancelled cancelledByCustomer() {
        return new OrderCancelled(ORDER, CancellationReason.CANCELLED_BY_CUSTOMER, "changed my mind");
    }

    private org.axonframework.test.saga.ContinuedGivenState givenPlaced() {
        return testSubject.givenAggregate(ORDER).published(PLACED);
    }

    /** Placed: every sku reserved (the products answered yes) and the order marked. */
    private org.axonframework.test.saga.ContinuedGivenState givenReserved() {
        return givenPlaced();
    }

    /** Paid, the shipment not yet created (the test makes the shipping provider unavailable first). */
    private org.axonframework.test.saga.ContinuedGivenState givenPaid() {
        return givenReserved()
                .andThenAggregate(ORDER).published(new OrderStockReserved(ORDER));
    }
}
