package io.annals.app.test;

import io.annals.choreography.provider.Confirmation;
import io.annals.choreography.provider.NotificationGateway;
import io.annals.choreography.provider.PaymentGateway;
import io.annals.choreography.provider.PaymentReceipt;
import io.annals.choreography.provider.ProviderUnavailableException;
import io.annals.choreography.provider.ShipmentReceipt;
import io.annals.choreography.provider.ShippingGateway;
import io.annals.kernel.Money;
import io.annals.kernel.order.Address;
import io.annals.kernel.order.OrderLine;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * TEST ONLY: keeps every provider call but a test's own away from the sandbox providers and their circuits. Sagas of
 * earlier tests may still be paying, shipping, refunding or confirming in the background of a shared context, and
 * their calls would change the circuits (and the sandbox's answers) a test sets up and asserts. While a test holds
 * the providers, only calls made on its own thread and calls for the orders it {@link #allow}s get through; every
 * other call is refused as if its circuit were open, so those sagas simply try again later, and no circuit sees it.
 *
 * <p>Wraps the three provider gateways of every context (component-scanned, like the other test doubles); while
 * nothing is held, every call passes straight through. Call {@link #release()} in an {@code @AfterEach} of any test
 * that holds.
 */
@Component
public class ProviderHold implements BeanPostProcessor {

    /** Longer than any one provider call may take: three attempts of the 5 s read timeout, with backoff. */
    private static final Duration CALLS_UNDER_WAY_TIMEOUT = Duration.ofSeconds(60);

    private volatile Thread holder;
    private final Set<String> allowedOrders = ConcurrentHashMap.newKeySet();
    private final Set<String> allowedPayments = ConcurrentHashMap.newKeySet();
    private final Map<Object, Call> underWay = new ConcurrentHashMap<>();

    /**
     * From now on only calls made on this thread, and calls for orders {@link #allow}ed, reach the providers. Returns
     * once every other call that was under way has ended, so nothing but the test's own calls changes a circuit
     * after this.
     */
    public void hold() {
        allowedOrders.clear();
        allowedPayments.clear();
        holder = Thread.currentThread();
        await("provider calls of other work under way to end").atMost(CALLS_UNDER_WAY_TIMEOUT)
                .until(() -> underWay.values().stream().allMatch(this::allows));
    }

    /** Lets the calls of this order's fulfilment through: its charge, its refund, its shipment, its confirmation. */
    public void allow(String orderId) {
        allowedOrders.add(orderId);
    }

    /** Every call passes again. */
    public void release() {
        holder = null;
        allowedOrders.clear();
        allowedPayments.clear();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof PaymentGateway payments) {
            return new HeldPayments(payments);
        }
        if (bean instanceof ShippingGateway shipping) {
            return new HeldShipping(shipping);
        }
        if (bean instanceof NotificationGateway notifications) {
            return new HeldNotifications(notifications);
        }
        return bean;
    }

    /** One provider call: who makes it, for which orders or payments. */
    private record Call(Thread thread, Set<String> orderIds, Set<String> paymentIds) {
    }

    private boolean allows(Call call) {
        Thread held = holder;
        return held == null || call.thread() == held
                || call.orderIds().stream().anyMatch(allowedOrders::contains)
                || call.paymentIds().stream().anyMatch(allowedPayments::contains);
    }

    /** Registers the call before deciding, so {@link #hold()} either waits for it or it sees the hold. */
    private <T> T pass(String provider, Call call, Supplier<T> delegate) {
        Object token = new Object();
        underWay.put(token, call);
        try {
            if (!allows(call)) {
                throw new ProviderUnavailableException(provider, null);
            }
            return delegate.get();
        } finally {
            underWay.remove(token);
        }
    }

    private final class HeldPayments implements PaymentGateway {

        private final PaymentGateway delegate;

        private HeldPayments(PaymentGateway delegate) {
            this.delegate = delegate;
        }

        @Override
        public PaymentReceipt charge(String paymentId, String orderId, Money amount) {
            if (allowedOrders.contains(orderId)) {
                allowedPayments.add(paymentId); // its refund names the payment only
            }
            return pass(NAME, new Call(Thread.currentThread(), Set.of(orderId), Set.of(paymentId)),
                    () -> delegate.charge(paymentId, orderId, amount));
        }

        @Override
        public void refund(String paymentId, Money amount) {
            pass(NAME, new Call(Thread.currentThread(), Set.of(), Set.of(paymentId)), () -> {
                delegate.refund(paymentId, amount);
                return null;
            });
        }
    }

    private final class HeldShipping implements ShippingGateway {

        private final ShippingGateway delegate;

        private HeldShipping(ShippingGateway delegate) {
            this.delegate = delegate;
        }

        @Override
        public ShipmentReceipt createShipment(String shipmentId, String orderId, Address address,
                                              List<OrderLine> lines) {
            return pass(NAME, new Call(Thread.currentThread(), Set.of(orderId), Set.of()),
                    () -> delegate.createShipment(shipmentId, orderId, address, lines));
        }
    }

    private final class HeldNotifications implements NotificationGateway {

        private final NotificationGateway delegate;

        private HeldNotifications(NotificationGateway delegate) {
            this.delegate = delegate;
        }

        @Override
        public void sendConfirmations(String batchId, List<Confirmation> confirmations) {
            Set<String> orderIds = Set.copyOf(confirmations.stream().map(Confirmation::orderId).toList());
            pass(NAME, new Call(Thread.currentThread(), orderIds, Set.of()), () -> {
                delegate.sendConfirmations(batchId, confirmations);
                return null;
            });
        }
    }
}
