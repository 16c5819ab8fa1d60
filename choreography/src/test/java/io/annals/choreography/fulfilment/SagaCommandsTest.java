package io.annals.choreography.fulfilment;

import io.annals.kernel.Money;
import io.annals.kernel.order.MarkOrderPaid;
import io.annals.kernel.order.RequestConfirmation;
import io.annals.kernel.payment.RequestPayment;
import io.annals.kernel.product.ReleaseProductStock;
import io.annals.kernel.product.ReserveProductStock;
import io.annals.kernel.product.ShipProductStock;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The saga's commands leave as its transaction commits, in one lock order, and a failing one names its sender. */
class SagaCommandsTest {

    private static final Money AMOUNT = new Money(new BigDecimal("1.00"), "EUR");

    private final List<Object> dispatched = new ArrayList<>();
    private final SimpleCommandBus bus = SimpleCommandBus.builder().build();
    private final CommandGateway gateway = DefaultCommandGateway.builder().commandBus(bus).build();

    SagaCommandsTest() {
        for (Class<?> type : List.of(ReserveProductStock.class, ReleaseProductStock.class, ShipProductStock.class,
                MarkOrderPaid.class, RequestConfirmation.class, RequestPayment.class)) {
            bus.subscribe(type.getName(), command -> {
                dispatched.add(command.getPayload());
                return null;
            });
        }
    }

    @Test
    void aBatchsCommandsLeaveAsItCommitsByTargetAggregateKeepingEachAggregatesOwnOrder() {
        EventMessage<?> first = event("first");
        EventMessage<?> second = event("second");
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.of(first, second));

        batch.executeWithResult(() -> {
            if (batch.getMessage() == first) {
                SagaCommands.send(gateway, new ReserveProductStock("sku-b", "order-1", 1));
                SagaCommands.send(gateway, new MarkOrderPaid("order-1", "payment-1"));
                SagaCommands.send(gateway, new RequestConfirmation("order-1"));
            } else {
                SagaCommands.send(gateway, new ReleaseProductStock("sku-b", "order-2"));
                SagaCommands.send(gateway, new ReserveProductStock("sku-a", "order-2", 1));
                SagaCommands.send(gateway, new RequestPayment("order-2", "payment-2", AMOUNT));
            }
            assertThat(dispatched).as("nothing leaves before the batch commits").isEmpty();
            return null;
        });

        assertThat(dispatched).containsExactly(
                new RequestPayment("order-2", "payment-2", AMOUNT),
                new MarkOrderPaid("order-1", "payment-1"), new RequestConfirmation("order-1"),
                new ReserveProductStock("sku-a", "order-2", 1),
                new ReserveProductStock("sku-b", "order-1", 1), new ReleaseProductStock("sku-b", "order-2"));
    }

    @Test
    void inTheProcessorTheBatchsCommandsLeaveAfterItsLastEventBeforeTheBatchPreparesToCommit() {
        EventMessage<?> first = event("first");
        EventMessage<?> last = event("last");
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.of(first, last));
        MessageHandlerInterceptor<EventMessage<?>> interceptor = SagaCommands.dispatchAtBatchEnd();
        List<Object> sentBeforePrepareCommit = new ArrayList<>();
        List<Object> sentAfterTheFirstEvent = new ArrayList<>();

        batch.executeWithResult(() -> {
            if (batch.isFirstMessage()) {
                batch.onPrepareCommit(u -> sentBeforePrepareCommit.addAll(dispatched));
            }
            Object result = interceptor.handle(batch, () -> {
                SagaCommands.send(gateway, new ShipProductStock(batch.getMessage() == first ? "sku-b" : "sku-a", "o"));
                return null;
            });
            if (batch.getMessage() == first) {
                sentAfterTheFirstEvent.addAll(dispatched);
            }
            return result;
        });

        assertThat(sentAfterTheFirstEvent).isEmpty();
        assertThat(sentBeforePrepareCommit).containsExactly(new ShipProductStock("sku-a", "o"),
                new ShipProductStock("sku-b", "o"));
        assertThat(dispatched).as("each sent once").hasSize(2);
    }

    @Test
    void aRolledBackTransactionSendsNothing() {
        DefaultUnitOfWork<EventMessage<?>> unitOfWork = DefaultUnitOfWork.startAndGet(event("failing"));

        unitOfWork.executeWithResult(() -> {
            SagaCommands.send(gateway, new ShipProductStock("sku-a", "order-1"));
            throw new IllegalStateException("the handler failed");
        });

        assertThat(dispatched).isEmpty();
    }

    @Test
    void aCommandThatFailsFailsTheCommitAndIsReportedAgainstTheMessageThatSentIt() {
        EventMessage<?> sender = event("sender");
        EventMessage<?> other = event("other");
        BatchingUnitOfWork<EventMessage<?>> batch = new BatchingUnitOfWork<>(List.of(other, sender));
        Map<String, Throwable> reported = new HashMap<>();
        bus.subscribe(ShipProductStock.class.getName(), command -> {
            throw new IllegalStateException("not shippable");
        });

        var result = batch.executeWithResult(() -> {
            SagaCommands.reportFailures(batch, reported::put);
            if (batch.getMessage() == sender) {
                SagaCommands.send(gateway, new ShipProductStock("sku-a", "order-1"));
            } else {
                SagaCommands.send(gateway, new ReserveProductStock("sku-b", "order-2", 1));
            }
            return null;
        });

        assertThat(result.isExceptional()).isTrue();
        assertThat(result.exceptionResult()).hasMessage("not shippable");
        assertThat(reported).containsOnlyKeys(sender.getIdentifier());
        assertThat(dispatched).as("the failing command came first in lock order").isEmpty();
    }

    @Test
    void outsideAUnitOfWorkACommandLeavesAtOnceAndItsFailureIsThrown() {
        SagaCommands.send(gateway, new ShipProductStock("sku-a", "order-1"));
        assertThat(dispatched).containsExactly(new ShipProductStock("sku-a", "order-1"));

        assertThatThrownBy(() -> SagaCommands.send(gateway, new CommandWithoutHandler("x")))
                .hasMessageContaining(CommandWithoutHandler.class.getName());
    }

    record CommandWithoutHandler(String value) {
    }

    private static EventMessage<?> event(String payload) {
        return GenericEventMessage.asEventMessage(payload);
    }
}
