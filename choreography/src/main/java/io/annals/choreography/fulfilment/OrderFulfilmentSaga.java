package io.annals.choreography.fulfilment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.annals.choreography.fulfilment.Compensation.Charge;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.order.MarkOrderPaid;
import io.annals.kernel.order.MarkOrderShipped;
import io.annals.kernel.order.MarkOrderStockReserved;
import io.annals.kernel.order.OrderCompleted;
import io.annals.kernel.order.OrderPlaced;
import io.annals.kernel.order.OrderStockReserved;
import io.annals.kernel.order.RequestConfirmation;
import io.annals.kernel.order.RequestShipment;
import io.annals.kernel.order.ShipmentPostponed;
import io.annals.kernel.payment.PaymentFailed;
import io.annals.kernel.payment.PaymentPostponed;
import io.annals.kernel.payment.PaymentTaken;
import io.annals.kernel.payment.RequestPayment;
import io.annals.kernel.product.ProductStockReservationRejected;
import io.annals.kernel.product.ProductStockReserved;
import io.annals.kernel.product.ReserveProductStock;
import io.annals.kernel.product.ShipProductStock;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.annals.kernel.shipment.RecordShipmentFailure;
import io.annals.kernel.shipment.ShipmentCreated;
import io.annals.kernel.shipment.ShipmentFailed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One order's fulfilment, as routing only: events in, commands out, deadlines for every wait. Reserve stock for each
 * sku, ask for the payment, then the shipment, ship the stock and ask for the confirmation; the order completes once
 * the confirmation went out. Any failure, or the customer cancelling before shipment, compensates newest first
 * (refund, then release) and cancels the order with its reason ({@link CompensatingFulfilment}). The provider steps
 * ({@code choreography.step}) call the providers outside this saga's transactions and record their answers as the
 * events it reacts to.
 *
 * <p>Commands are sent, not awaited: their outcome comes back as events. They are dispatched as the saga's transaction
 * commits, in the order of the aggregates they lock ({@link SagaCommands}), so sagas sharing products never wait for
 * each other in a cycle.
 */
@Saga
@ProcessingGroup(OrderFulfilmentSaga.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonIgnoreProperties(ignoreUnknown = true) // sagas stored by the earlier shape carry fields no longer kept
@InstanceRole(Role.SAGA)
public class OrderFulfilmentSaga extends CompensatingFulfilment {

    public static final String PROCESSING_GROUP = "fulfilment";
    static final String PAYMENT_TIMEOUT = "payment-timeout";
    static final String PAYMENT_RETRY = "payment-retry";
    static final String SHIPPING_TIMEOUT = "shipping-timeout";
    static final String SHIPPING_RETRY = "shipping-retry";

    private Reservations reservations;

    @Autowired
    private transient SkuDirectory skus;
    @Autowired
    private transient Clock clock;

    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPlaced event) {
        if (step != null) {
            return; // a repeated OrderPlaced reaches the saga it started
        }
        orderId = event.orderId();
        List<String> unknown = skus.unknown(Reservations.quantities(event.lines()).keySet());
        if (!unknown.isEmpty()) {
            compensate(CancellationReason.UNKNOWN_SKU, "unknown sku " + String.join(", ", unknown));
            return;
        }
        lines = List.copyOf(event.lines());
        reservations = new Reservations(Reservations.quantities(lines).keySet());
        moveTo(FulfilmentStep.RESERVING_STOCK, null);
        Reservations.quantities(lines).forEach((sku, units) -> send(new ReserveProductStock(sku, orderId, units)));
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(ProductStockReserved event) {
        reservationAnswered(event.sku(), null);
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(ProductStockReservationRejected event) {
        reservationAnswered(event.sku(), event.sku() + " (" + event.quantity() + " requested)");
    }

    private void reservationAnswered(String sku, String refusal) {
        if (step != FulfilmentStep.RESERVING_STOCK || !reservations.answered(sku, refusal)) {
            return;
        }
        if (reservations.refused().isEmpty()) {
            moveTo(FulfilmentStep.STOCK_RESERVED, null);
            send(new MarkOrderStockReserved(orderId));
        } else {
            compensate(CancellationReason.OUT_OF_STOCK,
                    "not enough stock of " + String.join(", ", reservations.refused()));
        }
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderStockReserved event) {
        if (step == FulfilmentStep.STOCK_RESERVED) {
            moveTo(FulfilmentStep.PAYING, scheduleTimeout(PAYMENT_TIMEOUT, settings.paymentTimeout()));
            requestPayment();
        }
    }

    /** The payment side accepts every request, so from here on the charge is under way until its answer comes. */
    private void requestPayment() {
        compensation.charge(Charge.ASKED);
        send(new RequestPayment(orderId, FulfilmentIds.payment(orderId), Reservations.total(lines)));
    }

    /** The payment circuit refused the charge: nothing was taken; ask again after the retry interval. */
    @SagaEventHandler(associationProperty = "orderId")
    void on(PaymentPostponed event) {
        compensation.charge(Charge.NONE);
        if (step == FulfilmentStep.PAYING) {
            retryLater(PAYMENT_RETRY);
        } else if (step == FulfilmentStep.COMPENSATING) {
            continueCompensation();
        }
    }

    @DeadlineHandler(deadlineName = PAYMENT_RETRY)
    void retryPayment() {
        if (step == FulfilmentStep.PAYING && compensation.charge() == Charge.NONE) {
            requestPayment();
        }
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(PaymentTaken event) {
        compensation.charge(Charge.TAKEN);
        if (step == FulfilmentStep.PAYING) {
            moveTo(FulfilmentStep.SHIPPING, scheduleTimeout(SHIPPING_TIMEOUT, settings.shippingTimeout()));
            send(new MarkOrderPaid(orderId, event.paymentId()),
                    new RequestShipment(orderId, FulfilmentIds.shipment(orderId)));
        } else if (step == FulfilmentStep.COMPENSATING) {
            continueCompensation(); // taken while the order was being cancelled: refunded now
        }
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(PaymentFailed event) {
        compensation.charge(event.outcomeUnknown() ? Charge.UNCERTAIN : Charge.NONE);
        if (step == FulfilmentStep.PAYING) {
            compensate(CancellationReason.PAYMENT_FAILED, event.reason());
        } else if (step == FulfilmentStep.COMPENSATING) {
            continueCompensation();
        }
    }

    /** No payment in time. A charge still under way is waited for: its answer decides whether to refund. */
    @DeadlineHandler(deadlineName = PAYMENT_TIMEOUT)
    void paymentTimedOut() {
        if (step == FulfilmentStep.PAYING) {
            compensate(CancellationReason.PAYMENT_TIMEOUT,
                    "no payment within " + settings.paymentTimeout().toSeconds() + " s");
        }
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(ShipmentPostponed event) {
        if (step == FulfilmentStep.SHIPPING) {
            retryLater(SHIPPING_RETRY);
        }
    }

    @DeadlineHandler(deadlineName = SHIPPING_RETRY)
    void retryShipment() {
        if (step == FulfilmentStep.SHIPPING) {
            send(new RequestShipment(orderId, FulfilmentIds.shipment(orderId)));
        }
    }

    /** Shipped for good: the order says so, the reserved stock leaves (ascending sku order), the customer is told. */
    @SagaEventHandler(associationProperty = "orderId")
    void on(ShipmentCreated event) {
        if (step == FulfilmentStep.SHIPPING) {
            moveTo(FulfilmentStep.CONFIRMING, null);
            send(new MarkOrderShipped(orderId, event.shipmentId(), event.trackingNumber()));
            Reservations.quantities(lines).keySet().forEach(sku -> send(new ShipProductStock(sku, orderId)));
            send(new RequestConfirmation(orderId));
        }
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(ShipmentFailed event) {
        if (step == FulfilmentStep.SHIPPING) {
            compensate(CancellationReason.SHIPPING_FAILED, event.reason());
        }
    }

    @DeadlineHandler(deadlineName = SHIPPING_TIMEOUT)
    void shippingTimedOut() {
        if (step == FulfilmentStep.SHIPPING) {
            send(new RecordShipmentFailure(FulfilmentIds.shipment(orderId), orderId, "timed out"));
            compensate(CancellationReason.SHIPPING_FAILED,
                    "no shipment within " + settings.shippingTimeout().toSeconds() + " s");
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderCompleted event) {
        moveTo(FulfilmentStep.COMPLETED, null);
    }

    /** Tries the step again after the retry interval, unless the step's timeout comes first and decides. */
    private void retryLater(String retryDeadline) {
        Instant retryAt = clock.instant().plus(settings.providerRetryInterval());
        if (stepDeadlineAt == null || retryAt.isBefore(stepDeadlineAt)) {
            deadlineManager.schedule(retryAt, retryDeadline);
        }
    }

    /**
     * Deadlines are never cancelled: each handler checks the saga's state, so a deadline whose wait is over does
     * nothing when it fires (and one firing after the saga ended finds no saga).
     */
    private Instant scheduleTimeout(String name, Duration timeout) {
        Instant at = clock.instant().plus(timeout);
        deadlineManager.schedule(at, name);
        return at;
    }
}
