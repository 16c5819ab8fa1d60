package io.annals.choreography.step;

import io.annals.choreography.provider.PaymentGateway;
import io.annals.choreography.provider.PaymentReceipt;
import io.annals.choreography.provider.ProviderFailedException;
import io.annals.choreography.provider.ProviderUnavailableException;
import io.annals.kernel.payment.PaymentPostponed;
import io.annals.kernel.payment.PaymentRequested;
import io.annals.kernel.payment.RecordPayment;
import io.annals.kernel.payment.RecordPaymentFailure;
import io.annals.kernel.payment.RefundCompleted;
import io.annals.kernel.payment.RefundFailed;
import io.annals.kernel.payment.RefundRequested;
import io.annals.kernel.payment.RequestPayment;
import io.annals.kernel.payment.RequestRefund;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.stereotype.Component;

/**
 * The payment step. A request ({@link RequestPayment}, {@link RequestRefund}) is accepted at once as an event, in the
 * sender's transaction; the charge or refund follows in this component's own processor, outside any saga transaction
 * and without holding any aggregate's lock while the provider answers (behind its circuit breaker and retry). The
 * answer is recorded as events — the payment's {@code PaymentTaken}/{@code PaymentFailed}, or
 * {@code PaymentPostponed} when the circuit refused the call, {@code RefundCompleted}/{@code RefundFailed} — which
 * commit with the processor's token. A crash after the provider answered and before that commit hands the request
 * over again: the call repeats with the same idempotency key (the payment id), so the provider answers as the first
 * time and charges once.
 *
 * <p>The requests carry no aggregate's sequence: their processor orders an order's requests by order id
 * ({@code OrderSequencing}), so a refund never overtakes the charge it gives back.
 */
@Component
@ProcessingGroup(PaymentStep.PROCESSING_GROUP)
@InstanceRole(Role.SAGA)
class PaymentStep {

    static final String PROCESSING_GROUP = "payment-step";

    private final PaymentGateway payments;
    private final CommandGateway commands;
    private final EventGateway events;

    PaymentStep(PaymentGateway payments, CommandGateway commands, EventGateway events) {
        this.payments = payments;
        this.commands = commands;
        this.events = events;
    }

    @CommandHandler
    void handle(RequestPayment request) {
        events.publish(new PaymentRequested(request.orderId(), request.paymentId(), request.amount()));
    }

    @CommandHandler
    void handle(RequestRefund request) {
        events.publish(new RefundRequested(request.orderId(), request.paymentId(), request.amount(), request.reason()));
    }

    @EventHandler
    void on(PaymentRequested request) {
        PaymentReceipt receipt;
        try {
            receipt = payments.charge(request.paymentId(), request.orderId(), request.amount());
        } catch (ProviderUnavailableException refused) {
            events.publish(new PaymentPostponed(request.orderId(), request.paymentId(), refused.getMessage()));
            return;
        } catch (ProviderFailedException failed) {
            commands.sendAndWait(new RecordPaymentFailure(request.paymentId(), request.orderId(), request.amount(),
                    failed.getMessage(), failed.outcomeUnknown()));
            return;
        }
        commands.sendAndWait(new RecordPayment(request.paymentId(), request.orderId(), request.amount(),
                receipt.providerReference()));
    }

    /** Refunding a payment that was never taken is a no-op at the provider, so an uncertain charge is refunded too. */
    @EventHandler
    void on(RefundRequested request) {
        try {
            payments.refund(request.paymentId(), request.amount());
        } catch (ProviderUnavailableException | ProviderFailedException failed) {
            events.publish(new RefundFailed(request.orderId(), request.paymentId(), failed.getMessage()));
            return;
        }
        events.publish(new RefundCompleted(request.orderId(), request.paymentId()));
    }
}
