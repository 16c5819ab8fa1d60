package io.annals.choreography.fulfilment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.annals.choreography.provider.Confirmation;
import io.annals.choreography.provider.PaymentGateway;
import io.annals.choreography.provider.PaymentReceipt;
import io.annals.choreography.provider.ProviderFailedException;
import io.annals.choreography.provider.ProviderUnavailableException;
import io.annals.choreography.provider.ShipmentReceipt;
import io.annals.choreography.provider.ShippingGateway;
import io.annals.kernel.MessageLineage;
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
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.annals.kernel.shipment.RecordShipment;
import io.annals.kernel.shipment.RecordShipmentFailure;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.Scope;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.SagaScopeDescriptor;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One order's fulfilment: reserve stock for every sku, take payment, create the shipment, ship the stock, send the
 * confirmation through the batcher, complete. Any failure, or the customer cancelling before shipment, compensates
 * what was done, newest first (refund, then release the reservations), and cancels the order with its reason.
 *
 * <p>The saga only routes: the aggregates decide (a reservation is refused by the product, a late step is ignored by
 * a cancelled order), and every workflow command answers with events and a yes/no, never with an exception, because
 * it runs inside this saga's transaction. A healthy order takes three saga transactions: placed (reserve
 * everything), stock reserved (pay, ship), completed. Products are always locked in ascending sku order (reserve,
 * release, ship), so two sagas on the same products can never wait for each other in a cycle. Every wait for a
 * provider has a deadline.
 */
@Saga
@ProcessingGroup(OrderFulfilmentSaga.PROCESSING_GROUP)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@InstanceRole(Role.SAGA)
public class OrderFulfilmentSaga {

    public static final String PROCESSING_GROUP = "fulfilment";
    static final String PAYMENT_TIMEOUT = "payment-timeout";
    static final String PAYMENT_RETRY = "payment-retry";
    static final String SHIPPING_TIMEOUT = "shipping-timeout";
    static final String SHIPPING_RETRY = "shipping-retry";
    static final String COMPENSATION_RETRY = "compensation-retry";

    private static final Logger log = LoggerFactory.getLogger(OrderFulfilmentSaga.class);

    private String sagaId;
    private String orderId;
    private String customerEmail;
    private Address shippingAddress;
    private List<OrderLine> lines;
    private Money total;
    /** quantity per sku, in the one order products are locked in */
    private TreeMap<String, Integer> quantities;
    private boolean reservationsRequested;
    private FulfilmentStep step;
    private boolean paid;
    /** a charge failed without an answer: the provider may have taken the money */
    private boolean chargeUncertain;
    private boolean refunded;
    private int refundAttempts;
    private String trackingNumber;
    private CancellationReason cancellationReason;
    private String cancellationDetail;
    private Instant stepDeadlineAt;

    @Autowired
    private transient CommandGateway commandGateway;
    @Autowired
    private transient DeadlineManager deadlineManager;
    @Autowired
    private transient PaymentGateway payments;
    @Autowired
    private transient ShippingGateway shipping;
    @Autowired
    private transient OrderConfirmations confirmations;
    @Autowired
    private transient SkuDirectory skus;
    @Autowired
    private transient FulfilmentJournal journal;
    @Autowired
    private transient FulfilmentSettings settings;
    @Autowired
    private transient Clock clock;

    /**
     * Reserves every sku, in ascending order, and decides on the products' answers at once: all reserved, the order
     * is marked STOCK_RESERVED; any refused, everything is released and the order cancelled OUT_OF_STOCK. (The
     * products record each answer as an event too; the saga need not wait for them.)
     */
    @StartSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderPlaced event, @Timestamp Instant placedAt) {
        if (step != null) {
            return; // a repeated OrderPlaced reaches the saga it started
        }
        sagaId = ((SagaScopeDescriptor) Scope.describeCurrentScope()).getIdentifier().toString();
        orderId = event.orderId();
        customerEmail = event.customerEmail();
        shippingAddress = event.shippingAddress();
        lines = List.copyOf(event.lines());
        total = event.total();
        quantities = new TreeMap<>();
        for (OrderLine line : lines) {
            quantities.merge(line.sku(), line.quantity(), Integer::sum);
        }
        journal.started(sagaId, orderId, placedAt);
        List<String> unknown = skus.unknown(quantities.keySet());
        if (!unknown.isEmpty()) {
            compensate(CancellationReason.UNKNOWN_SKU, "unknown sku " + String.join(", ", unknown));
            return;
        }
        moveTo(FulfilmentStep.RESERVING_STOCK, null);
        reservationsRequested = true;
        List<String> refused = new ArrayList<>();
        quantities.forEach((sku, quantity) -> {
            if (!Boolean.TRUE.equals(commandGateway.sendAndWait(new ReserveProductStock(sku, orderId, quantity)))) {
                refused.add(sku + " (" + quantity + " requested)");
            }
        });
        if (!refused.isEmpty()) {
            compensate(CancellationReason.OUT_OF_STOCK, "not enough stock of " + String.join(", ", refused));
            return;
        }
        moveTo(FulfilmentStep.STOCK_RESERVED, null);
        commandGateway.sendAndWait(new MarkOrderStockReserved(orderId));
    }

    /**
     * The stock is the order's: pay, then ship. Both provider calls run in this one transaction (the products are
     * not locked by then), so an order in good health takes three saga transactions from placed to completed.
     */
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderStockReserved event) {
        if (step != FulfilmentStep.STOCK_RESERVED) {
            return;
        }
        Instant timeout = now().plus(settings.paymentTimeout());
        moveTo(FulfilmentStep.PAYING, timeout);
        schedule(PAYMENT_TIMEOUT, timeout);
        requestPayment();
    }

    @DeadlineHandler(deadlineName = PAYMENT_RETRY)
    void retryPayment() {
        if (step == FulfilmentStep.PAYING && !paid) {
            requestPayment();
        }
    }

    @DeadlineHandler(deadlineName = PAYMENT_TIMEOUT)
    void paymentTimedOut() {
        if (step == FulfilmentStep.PAYING && !paid) {
            compensate(CancellationReason.PAYMENT_TIMEOUT,
                    "no payment within " + settings.paymentTimeout().toSeconds() + " s");
        }
    }

    private void requestPayment() {
        String paymentId = paymentId();
        PaymentReceipt receipt;
        try {
            receipt = payments.charge(paymentId, orderId, total);
        } catch (ProviderUnavailableException e) {
            retryLater(PAYMENT_RETRY);
            return;
        } catch (ProviderFailedException e) {
            // no answer at all (a timeout): the provider may have charged after all, so compensation refunds
            chargeUncertain = e.outcomeUnknown();
            commandGateway.sendAndWait(new RecordPaymentFailure(paymentId, orderId, total, e.getMessage()));
            compensate(CancellationReason.PAYMENT_FAILED, e.getMessage());
            return;
        }
        paid = true;
        commandGateway.sendAndWait(new RecordPayment(paymentId, orderId, total, receipt.providerReference()));
        if (!Boolean.TRUE.equals(commandGateway.sendAndWait(new MarkOrderPaid(orderId, paymentId)))) {
            // the customer cancelled meanwhile: their OrderCancelled comes next and refunds this payment
            return;
        }
        Instant timeout = now().plus(settings.shippingTimeout());
        moveTo(FulfilmentStep.SHIPPING, timeout);
        schedule(SHIPPING_TIMEOUT, timeout);
        requestShipment();
    }

    @DeadlineHandler(deadlineName = SHIPPING_RETRY)
    void retryShipment() {
        if (step == FulfilmentStep.SHIPPING && trackingNumber == null) {
            requestShipment();
        }
    }

    @DeadlineHandler(deadlineName = SHIPPING_TIMEOUT)
    void shippingTimedOut() {
        if (step == FulfilmentStep.SHIPPING && trackingNumber == null) {
            commandGateway.sendAndWait(new RecordShipmentFailure(shipmentId(), orderId, "timed out"));
            compensate(CancellationReason.SHIPPING_FAILED,
                    "no shipment within " + settings.shippingTimeout().toSeconds() + " s");
        }
    }

    private void requestShipment() {
        if (!Boolean.TRUE.equals(commandGateway.sendAndWait(new CheckShippable(orderId)))) {
            return; // the customer cancelled while the shipment waited: their OrderCancelled compensates
        }
        String shipmentId = shipmentId();
        ShipmentReceipt receipt;
        try {
            receipt = shipping.createShipment(shipmentId, orderId, shippingAddress, lines);
        } catch (ProviderUnavailableException e) {
            retryLater(SHIPPING_RETRY);
            return;
        } catch (ProviderFailedException e) {
            commandGateway.sendAndWait(new RecordShipmentFailure(shipmentId, orderId, e.getMessage()));
            compensate(CancellationReason.SHIPPING_FAILED, e.getMessage());
            return;
        }
        trackingNumber = receipt.trackingNumber();
        commandGateway.sendAndWait(new RecordShipment(shipmentId, orderId, trackingNumber));
        if (!Boolean.TRUE.equals(commandGateway.sendAndWait(new MarkOrderShipped(orderId, shipmentId, trackingNumber)))) {
            // cancelled meanwhile (a shipping retry after the customer's cancel): compensation follows
            return;
        }
        // shipped for good: the reserved stock leaves (ascending sku order), and the confirmation is queued
        moveTo(FulfilmentStep.CONFIRMING, null);
        quantities.keySet().forEach(sku -> commandGateway.sendAndWait(new ShipProductStock(sku, orderId)));
        confirmations.enqueue(new Confirmation(orderId, customerEmail, trackingNumber),
                settings.confirmationPriority(), correlationIdOfCurrentMessage());
    }

    /** The PlaceOrder request's id travels with every message of the order; the batcher carries it on. */
    private static String correlationIdOfCurrentMessage() {
        return CurrentUnitOfWork.map(unitOfWork ->
                (String) unitOfWork.getMessage().getMetaData().get(MessageLineage.CORRELATION_ID)).orElse(null);
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderCompleted event) {
        moveTo(FulfilmentStep.COMPLETED, null);
    }

    /**
     * The customer cancelled (or this saga's own cancellation arrives after it ended, which Axon does not deliver).
     * A cancellation before shipment is undone like any failure.
     */
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderCancelled event) {
        if (step == null || step.ended() || step == FulfilmentStep.COMPENSATING) {
            return;
        }
        compensate(event.reason(), null);
    }

    @DeadlineHandler(deadlineName = COMPENSATION_RETRY)
    void retryCompensation() {
        if (step == FulfilmentStep.COMPENSATING) {
            continueCompensation();
        }
    }

    /** Undoes what was done, newest first, then cancels the order (unless the customer already did) and ends. */
    private void compensate(CancellationReason reason, String detail) {
        cancellationReason = reason;
        cancellationDetail = detail;
        moveTo(FulfilmentStep.COMPENSATING, null);
        continueCompensation();
    }

    private void continueCompensation() {
        if ((paid || chargeUncertain) && !refunded && !refund()) {
            return; // retried after the provider retry interval
        }
        // every sku ReserveProductStock was sent for, in ascending order like the reservations (see the class comment);
        // a release is a no-op for a sku this order holds nothing of (refused, or a customer's cancel came first)
        if (reservationsRequested) {
            for (String sku : quantities.keySet()) {
                commandGateway.sendAndWait(new ReleaseProductStock(sku, orderId));
            }
        }
        if (cancellationReason != CancellationReason.CANCELLED_BY_CUSTOMER) {
            commandGateway.sendAndWait(new CancelUnfulfillableOrder(orderId, cancellationReason, cancellationDetail));
        }
        moveTo(FulfilmentStep.CANCELLED, null);
        SagaLifecycle.end();
    }

    /**
     * Gives the payment back, idempotently by payment id (a no-op at the provider if nothing was taken).
     *
     * @return whether compensation may go on: the refund went through, or it kept failing for
     *         {@code refund-attempts} tries — then an operator must refund by hand (logged as an error, and the
     *         payment stays TAKEN in its history), and the stock is released and the order cancelled regardless,
     *         rather than held forever
     */
    private boolean refund() {
        try {
            payments.refund(paymentId(), total);
        } catch (ProviderUnavailableException | ProviderFailedException e) {
            if (++refundAttempts < settings.refundAttempts()) {
                log.warn("refund of order {} not possible yet, retrying: {}", orderId, e.getMessage());
                deadlineManager.schedule(settings.providerRetryInterval(), COMPENSATION_RETRY);
                return false;
            }
            log.error("refund of payment {} of order {} failed {} times, giving up: refund it by hand ({})",
                    paymentId(), orderId, refundAttempts, e.getMessage());
            return true;
        }
        refunded = true;
        if (paid) {
            commandGateway.sendAndWait(new RefundPayment(paymentId(), cancellationReason.name()));
        }
        return true;
    }

    /** Tries the step again after the retry interval, unless the step's timeout comes first and decides. */
    private void retryLater(String retryDeadline) {
        Instant retryAt = now().plus(settings.providerRetryInterval());
        if (stepDeadlineAt == null || retryAt.isBefore(stepDeadlineAt)) {
            schedule(retryDeadline, retryAt);
        }
    }

    private void moveTo(FulfilmentStep next, Instant deadlineAt) {
        step = next;
        stepDeadlineAt = deadlineAt;
        journal.stepReached(sagaId, next, deadlineAt);
    }

    /**
     * Deadlines are never cancelled: each handler checks the saga's state, so a deadline whose wait is over does
     * nothing when it fires (and one firing after the saga ended finds no saga). Cancelling could fail the very
     * transaction that took a payment: db-scheduler refuses to cancel a deadline another thread is running.
     */
    private void schedule(String name, Instant at) {
        deadlineManager.schedule(at, name);
    }



    private Instant now() {
        return clock.instant();
    }

    /** One payment per order, so a repeated charge is recognised by the provider. */
    String paymentId() {
        return derivedId("payment:");
    }

    String shipmentId() {
        return derivedId("shipment:");
    }

    private String derivedId(String kind) {
        return UUID.nameUUIDFromBytes((kind + orderId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
