package io.annals.command.payment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import io.annals.command.AggregateBeans;
import io.annals.command.AggregateTypes;
import io.annals.kernel.Money;
import io.annals.kernel.payment.PaymentFailed;
import io.annals.kernel.payment.PaymentRefunded;
import io.annals.kernel.payment.PaymentTaken;
import io.annals.kernel.payment.RecordPayment;
import io.annals.kernel.payment.RecordPaymentFailure;
import io.annals.kernel.payment.RefundPayment;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static io.annals.command.WorkflowStep.applyIf;

/**
 * One attempt to charge an order's total, as the payment provider answered it: TAKEN or FAILED, and a taken payment
 * may later be REFUNDED. The payment step records the provider's answers, the fulfilment saga records a refund; none
 * of these commands throws for a situation the workflow can meet:
 * recording a payment id that is already recorded (taken or failed) changes nothing, and so does refunding a payment
 * that is not taken. Recording uses {@link AggregateCreationPolicy#CREATE_IF_MISSING} for exactly that reason: a plain
 * creating constructor would fail a repeat only when the event store rejects the second first event, at commit.
 */
@Aggregate(type = AggregateTypes.PAYMENT, snapshotTriggerDefinition = AggregateBeans.PAYMENT_SNAPSHOTS,
        cache = AggregateBeans.CACHE, lockFactory = AggregateBeans.LOCKS)
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY)
class Payment {

    enum Status {
        TAKEN, FAILED, REFUNDED
    }

    @AggregateIdentifier
    private String paymentId;
    private String orderId;
    private Money amount;
    private Status status;
    private long version;

    protected Payment() {
        // for Axon's event sourcing and for creating a payment on its first command
    }

    /** @return whether this command recorded the payment (false: the payment id was recorded already) */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(RecordPayment command) {
        return applyIf(!isRecorded(),
                () -> new PaymentTaken(command.paymentId(), command.orderId(), command.amount(),
                        command.providerReference()));
    }

    /** @return whether this command recorded the failure (false: the payment id was recorded already) */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(RecordPaymentFailure command) {
        return applyIf(!isRecorded(),
                () -> new PaymentFailed(command.paymentId(), command.orderId(), command.amount(), command.reason(),
                        command.outcomeUnknown()));
    }

    /** @return whether the payment was refunded (false: it was failed or refunded already) */
    @CommandHandler
    boolean handle(RefundPayment command) {
        return applyIf(status == Status.TAKEN, () -> new PaymentRefunded(paymentId, orderId, amount, command.reason()));
    }

    private boolean isRecorded() {
        return paymentId != null;
    }

    @EventSourcingHandler
    void on(PaymentTaken event, @SequenceNumber long sequenceNumber) {
        paymentId = event.paymentId();
        orderId = event.orderId();
        amount = event.amount();
        status = Status.TAKEN;
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(PaymentFailed event, @SequenceNumber long sequenceNumber) {
        paymentId = event.paymentId();
        orderId = event.orderId();
        amount = event.amount();
        status = Status.FAILED;
        version = sequenceNumber;
    }

    @EventSourcingHandler
    void on(PaymentRefunded event, @SequenceNumber long sequenceNumber) {
        status = Status.REFUNDED;
        version = sequenceNumber;
    }
}
