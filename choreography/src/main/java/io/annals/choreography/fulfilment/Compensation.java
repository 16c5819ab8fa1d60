package io.annals.choreography.fulfilment;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonSetter;
import io.annals.kernel.order.CancelUnfulfillableOrder;
import io.annals.kernel.order.CancellationReason;
import io.annals.kernel.order.OrderLine;
import io.annals.kernel.payment.RefundPayment;
import io.annals.kernel.payment.RequestRefund;
import io.annals.kernel.product.ReleaseProductStock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * What the saga must undo when an order cannot be fulfilled, and how far it got, newest first: wait for a charge still
 * under way, refund what may have been taken, release every sku reserved for, cancel the order. Part of the saga's
 * state, stored unwrapped in it, so sagas stored before this was its own class read the same.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY,
        getterVisibility = JsonAutoDetect.Visibility.NONE, isGetterVisibility = JsonAutoDetect.Visibility.NONE)
@JsonIgnoreProperties(ignoreUnknown = true)
final class Compensation {

    private static final Logger log = LoggerFactory.getLogger(Compensation.class);

    /** What became of the charge, as far as the saga knows: it decides whether compensation refunds. */
    enum Charge { NONE, ASKED, TAKEN, UNCERTAIN }

    private Charge charge = Charge.NONE;
    private int refundAttempts;
    private boolean refundAsked;
    private CancellationReason cancellationReason;
    private String cancellationDetail;

    /** A saga stored by the earliest shape, which called the provider itself, knew its charge by these flags. */
    @JsonSetter("paid")
    private void paidBefore(boolean paid) {
        charge = paid ? Charge.TAKEN : charge;
    }

    @JsonSetter("chargeUncertain")
    private void chargeUncertainBefore(boolean uncertain) {
        charge = uncertain && charge != Charge.TAKEN ? Charge.UNCERTAIN : charge;
    }

    Charge charge() {
        return charge;
    }

    void charge(Charge now) {
        charge = now;
    }

    void begin(CancellationReason reason, String detail) {
        cancellationReason = reason;
        cancellationDetail = detail;
    }

    boolean awaitsRefund() {
        return refundAsked;
    }

    /**
     * Takes the next steps that need no answer, sending their commands.
     *
     * @param lines the order's lines, {@code null} when nothing was reserved (an unknown sku)
     * @return whether everything is undone: the saga ends
     */
    boolean proceed(String orderId, List<OrderLine> lines, Consumer<Object> send) {
        if (charge == Charge.ASKED || refundAsked) {
            return false; // the charge's or the refund's answer comes back as an event
        }
        if (charge == Charge.TAKEN || charge == Charge.UNCERTAIN) {
            refundAsked = true;
            send.accept(new RequestRefund(orderId, FulfilmentIds.payment(orderId), Reservations.total(lines),
                    cancellationReason.name()));
            return false;
        }
        if (lines != null) { // a release is a no-op for a sku this order holds nothing of
            Reservations.quantities(lines).keySet().forEach(sku -> send.accept(new ReleaseProductStock(sku, orderId)));
        }
        if (cancellationReason != CancellationReason.CANCELLED_BY_CUSTOMER) {
            send.accept(new CancelUnfulfillableOrder(orderId, cancellationReason, cancellationDetail));
        }
        return true;
    }

    /** The refund went through; a payment recorded as taken is marked refunded. */
    void refunded(String paymentId, Consumer<Object> send) {
        if (charge == Charge.TAKEN) {
            send.accept(new RefundPayment(paymentId, cancellationReason.name()));
        }
        charge = Charge.NONE;
        refundAsked = false;
    }

    /**
     * The refund did not go through. It is asked again after the retry interval, for {@code attempts} tries; then an
     * operator must refund by hand (logged as an error; the payment stays TAKEN in its history), and the stock is
     * released and the order cancelled regardless, rather than held forever.
     *
     * @return whether to try the refund again later
     */
    boolean refundFailed(String orderId, String paymentId, String reason, int attempts) {
        refundAsked = false;
        if (++refundAttempts < attempts) {
            log.warn("refund of order {} not possible yet, retrying: {}", orderId, reason);
            return true;
        }
        log.error("refund of payment {} of order {} failed {} times, giving up: refund it by hand ({})",
                paymentId, orderId, refundAttempts, reason);
        charge = Charge.NONE;
        return false;
    }
}
