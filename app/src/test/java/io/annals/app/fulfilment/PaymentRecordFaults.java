package io.annals.app.fulfilment;

import io.annals.kernel.payment.RecordPayment;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * TEST ONLY: the payment step dies once for the orders a test names, after the provider answered and before the
 * answer is recorded ({@link #dieOnceAfterTheCharge}): recording the payment fails, so the step's transaction rolls
 * back as a crash would take it back, and its request is handed over again later. Component-scanned into every test
 * context; every other order's payments are recorded untouched.
 */
@Component
class PaymentRecordFaults {

    private final Set<String> dying = ConcurrentHashMap.newKeySet();

    PaymentRecordFaults(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor(this::intercept);
    }

    private Object intercept(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain)
            throws Exception {
        if (unitOfWork.getMessage().getPayload() instanceof RecordPayment record && dying.remove(record.orderId())) {
            throw new IllegalStateException("the payment step of order " + record.orderId() + " died");
        }
        return chain.proceed();
    }

    void dieOnceAfterTheCharge(String orderId) {
        dying.add(orderId);
    }
}
