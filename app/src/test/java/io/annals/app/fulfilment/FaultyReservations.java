package io.annals.app.fulfilment;

import io.annals.kernel.product.ReserveProductStock;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * TEST ONLY: the fulfilment saga's stock reservations of skus a test named, made to fail ({@link #poison}) or to wait
 * ({@link #hold}) until the test says otherwise. The saga reserves stock while it handles an order's OrderPlaced, so
 * that handling fails or lasts as long as the test wants. Component-scanned into every test context; reservations of
 * every other sku pass untouched.
 */
@Component
class FaultyReservations {

    private static final long LONGEST_HOLD_SECONDS = 120;

    private final Set<String> poisoned = ConcurrentHashMap.newKeySet();
    private final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
    private final Set<String> holding = ConcurrentHashMap.newKeySet();

    FaultyReservations(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor(this::intercept);
    }

    private Object intercept(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        if (unitOfWork.getMessage().getPayload() instanceof ReserveProductStock reserve) {
            if (poisoned.contains(reserve.sku())) {
                throw new IllegalStateException("sku " + reserve.sku() + " is poisoned for this test");
            }
            CountDownLatch hold = held.get(reserve.sku());
            if (hold != null) {
                holding.add(reserve.sku());
                hold.await(LONGEST_HOLD_SECONDS, TimeUnit.SECONDS);
            }
        }
        return chain.proceed();
    }

    void poison(String sku) {
        poisoned.add(sku);
    }

    void cure(String sku) {
        poisoned.remove(sku);
    }

    void hold(String sku) {
        held.put(sku, new CountDownLatch(1));
    }

    /** Whether a reservation of the held sku is waiting (or has waited) for {@link #release}. */
    boolean isHolding(String sku) {
        return holding.contains(sku);
    }

    void release(String sku) {
        CountDownLatch hold = held.remove(sku);
        if (hold != null) {
            hold.countDown();
        }
    }
}
