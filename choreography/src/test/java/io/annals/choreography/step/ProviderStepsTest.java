package io.annals.choreography.step;

import io.annals.choreography.fulfilment.FulfilmentSettings;
import io.annals.choreography.fulfilment.OrderConfirmations;
import io.annals.choreography.provider.Confirmation;
import io.annals.choreography.provider.PaymentGateway;
import io.annals.choreography.provider.PaymentReceipt;
import io.annals.choreography.provider.ProviderFailedException;
import io.annals.choreography.provider.ProviderUnavailableException;
import io.annals.choreography.provider.ShipmentReceipt;
import io.annals.choreography.provider.ShippingGateway;
import io.annals.kernel.Money;
import io.annals.kernel.order.Address;
import io.annals.kernel.order.ConfirmationRequested;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.order.PostponeShipment;
import io.annals.kernel.order.ShipmentRequested;
import io.annals.kernel.payment.PaymentPostponed;
import io.annals.kernel.payment.PaymentRequested;
import io.annals.kernel.payment.RecordPayment;
import io.annals.kernel.payment.RecordPaymentFailure;
import io.annals.kernel.payment.RefundCompleted;
import io.annals.kernel.payment.RefundFailed;
import io.annals.kernel.payment.RefundRequested;
import io.annals.kernel.payment.RequestPayment;
import io.annals.kernel.payment.RequestRefund;
import io.annals.kernel.shipment.RecordShipment;
import io.annals.kernel.shipment.RecordShipmentFailure;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Each provider step turns its provider's answer into the one command that records it. */
class ProviderStepsTest {

    private static final String ORDER = "order-1";
    private static final String PAYMENT = "payment-1";
    private static final String SHIPMENT = "shipment-1";
    private static final Money TOTAL = new Money(new BigDecimal("35.00"), "EUR");
    private static final Address ADDRESS = new Address("1 Main St", "Springfield", "12345", "US");
    private static final List<OrderLine> LINES = List.of(new OrderLine("sku-a", 1, TOTAL));

    private final PaymentGateway payments = mock(PaymentGateway.class);
    private final ShippingGateway shipping = mock(ShippingGateway.class);
    private final CommandGateway commands = mock(CommandGateway.class);
    private final EventGateway events = mock(EventGateway.class);
    private final PaymentStep paymentStep = new PaymentStep(payments, commands, events);
    private final ShippingStep shippingStep = new ShippingStep(shipping, commands);

    @Test
    void aTakenChargeIsRecordedWithTheProvidersReferenceUnderThePaymentIdAsIdempotencyKey() {
        when(payments.charge(PAYMENT, ORDER, TOTAL)).thenReturn(new PaymentReceipt("psp-1"));

        paymentStep.on(new PaymentRequested(ORDER, PAYMENT, TOTAL));

        verify(commands).sendAndWait(new RecordPayment(PAYMENT, ORDER, TOTAL, "psp-1"));
    }

    @Test
    void anOpenPaymentCircuitPostponesTheChargeInsteadOfWaiting() {
        when(payments.charge(anyString(), anyString(), any())).thenThrow(new ProviderUnavailableException("payment", null));

        paymentStep.on(new PaymentRequested(ORDER, PAYMENT, TOTAL));

        verify(events).publish(new PaymentPostponed(ORDER, PAYMENT, "payment is unavailable (circuit open)"));
    }

    @Test
    void aChargeWithoutAnswerIsRecordedAsFailedWithAnUnknownOutcome() {
        when(payments.charge(anyString(), anyString(), any()))
                .thenThrow(new ProviderFailedException("payment", "unreachable", null, true));

        paymentStep.on(new PaymentRequested(ORDER, PAYMENT, TOTAL));

        verify(commands).sendAndWait(new RecordPaymentFailure(PAYMENT, ORDER, TOTAL, "payment failed: unreachable", true));
    }

    @Test
    void requestsAreAcceptedAtOnceAsEventsAndCallNoProvider() {
        paymentStep.handle(new RequestPayment(ORDER, PAYMENT, TOTAL));
        paymentStep.handle(new RequestRefund(ORDER, PAYMENT, TOTAL, "SHIPPING_FAILED"));

        verify(events).publish(new PaymentRequested(ORDER, PAYMENT, TOTAL));
        verify(events).publish(new RefundRequested(ORDER, PAYMENT, TOTAL, "SHIPPING_FAILED"));
        org.mockito.Mockito.verifyNoInteractions(payments);
    }

    @Test
    void aRefundsAnswerIsRecordedWhetherItGoesThroughOrNot() {
        paymentStep.on(new RefundRequested(ORDER, PAYMENT, TOTAL, "SHIPPING_FAILED"));
        verify(payments).refund(PAYMENT, TOTAL);
        verify(events).publish(new RefundCompleted(ORDER, PAYMENT));

        doThrow(new ProviderFailedException("payment", "declined with 422", null)).when(payments).refund(anyString(), any());
        paymentStep.on(new RefundRequested(ORDER, PAYMENT, TOTAL, "SHIPPING_FAILED"));
        verify(events).publish(new RefundFailed(ORDER, PAYMENT, "payment failed: declined with 422"));
    }

    @Test
    void aShipmentIsRecordedCreatedPostponedOrFailed() {
        when(shipping.createShipment(SHIPMENT, ORDER, ADDRESS, LINES))
                .thenReturn(new ShipmentReceipt("TRK-1"))
                .thenThrow(new ProviderUnavailableException("shipping", null))
                .thenThrow(new ProviderFailedException("shipping", "address rejected", null));
        ShipmentRequested request = new ShipmentRequested(ORDER, SHIPMENT, ADDRESS, LINES);

        shippingStep.on(request);
        shippingStep.on(request);
        shippingStep.on(request);

        verify(commands).sendAndWait(new RecordShipment(SHIPMENT, ORDER, "TRK-1"));
        verify(commands).sendAndWait(new PostponeShipment(ORDER, SHIPMENT, "shipping is unavailable (circuit open)"));
        verify(commands).sendAndWait(new RecordShipmentFailure(SHIPMENT, ORDER, "shipping failed: address rejected"));
    }

    @Test
    void aConfirmationIsQueuedWithThePlacingRequestsCorrelationId() {
        OrderConfirmations confirmations = mock(OrderConfirmations.class);
        FulfilmentSettings settings = new FulfilmentSettings(Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofSeconds(2), 3, 10, 5, Duration.ofDays(7));

        new ConfirmationStep(confirmations, settings)
                .on(new ConfirmationRequested(ORDER, "ada@example.com", "TRK-1"), "placing-request");

        verify(confirmations).enqueue(new Confirmation(ORDER, "ada@example.com", "TRK-1"), 5, "placing-request");
    }
}
