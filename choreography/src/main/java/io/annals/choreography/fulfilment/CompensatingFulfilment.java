package io.annals.choreography.fulfilment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.order.OrderCancelled;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.payment.RefundCompleted;
import io.annals.kernel.payment.RefundFailed;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.List;

/**
 * The part of {@link OrderFulfilmentSaga} every step shares: the order it fulfils and where it stands, how it sends
 * commands, and compensation — when an order cannot be fulfilled, or the customer cancels before shipment, undoing
 * what was done newest first (refund, then release) and cancelling the order with its reason. The forward path
 * (reserve, pay, ship, confirm) is the saga's own class; Axon finds the handlers of both, and the saga's state is
 * stored as one object, under the field names it always had.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonIgnoreProperties(ignoreUnknown = true)
abstract class CompensatingFulfilment {

    static final String COMPENSATION_RETRY = "compensation-retry";

    String orderId;
    /** the order's lines; null when no reservation was sent (an unknown sku) */
    List<OrderLine> lines;
    FulfilmentStep step;
    Instant stepDeadlineAt;
    @JsonUnwrapped
    Compensation compensation = new Compensation();

    @Autowired
    transient CommandGateway commandGateway;
    @Autowired
    transient DeadlineManager deadlineManager;
    @Autowired
    transient FulfilmentSettings settings;

    /** The customer cancelled (the saga's own cancellation arrives after it ended, which Axon does not deliver). */
    @SagaEventHandler(associationProperty = "orderId")
    void on(OrderCancelled event) {
        if (step != null && !step.ended() && step != FulfilmentStep.COMPENSATING) {
            compensate(event.reason(), null);
        }
    }

    @SagaEventHandler(associationProperty = "orderId")
    void on(RefundCompleted event) {
        if (step == FulfilmentStep.COMPENSATING && compensation.awaitsRefund()) {
            compensation.refunded(event.paymentId(), this::send);
            continueCompensation();
        }
    }

    /** A refund that keeps failing is given up after {@code refund-attempts} tries ({@link Compensation}). */
    @SagaEventHandler(associationProperty = "orderId")
    void on(RefundFailed event) {
        if (step != FulfilmentStep.COMPENSATING || !compensation.awaitsRefund()) {
            return;
        }
        if (compensation.refundFailed(orderId, event.paymentId(), event.reason(), settings.refundAttempts())) {
            deadlineManager.schedule(settings.providerRetryInterval(), COMPENSATION_RETRY);
        } else {
            continueCompensation();
        }
    }

    @DeadlineHandler(deadlineName = COMPENSATION_RETRY)
    void retryCompensation() {
        if (step == FulfilmentStep.COMPENSATING) {
            continueCompensation();
        }
    }

    void compensate(CancellationReason reason, String detail) {
        compensation.begin(reason, detail);
        moveTo(FulfilmentStep.COMPENSATING, null);
        continueCompensation();
    }

    void continueCompensation() {
        if (compensation.proceed(orderId, lines, this::send)) {
            moveTo(FulfilmentStep.CANCELLED, null);
            SagaLifecycle.end();
        }
    }

    void moveTo(FulfilmentStep next, Instant deadlineAt) {
        step = next;
        stepDeadlineAt = deadlineAt;
    }

    void send(Object... commands) {
        for (Object command : commands) {
            SagaCommands.send(commandGateway, command);
        }
    }
}
