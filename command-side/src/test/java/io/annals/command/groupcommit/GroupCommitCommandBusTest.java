package io.annals.command.groupcommit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.axonframework.commandhandling.GenericCommandMessage.asCommandMessage;

class GroupCommitCommandBusTest {

    /** A command for aggregate {@code id}; {@code step} names it in the log. */
    record Touch(@TargetAggregateIdentifier String id, String step) {
    }

    /** Stands for a tracer's current context: a thread-local the caller sets. */
    private static final ThreadLocal<String> TRACE = new ThreadLocal<>();
    private static final CallerContext TRACE_CARRIER = () -> {
        String callers = TRACE.get();
        return () -> {
            String before = TRACE.get();
            TRACE.set(callers);
            return () -> TRACE.set(before);
        };
    };

    /** What each handling saw as its caller's MDC and trace: "a1 mdc=a1 trace=a1" … */
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());
    /** What happened, in order: "begin 1", "handle b1 in 1", "commit 1", "answer b1" … */
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());
    private final RecordingTransactions transactions = new RecordingTransactions();
    private final CountDownLatch firstGroupMayFinish = new CountDownLatch(1);
    private final List<Thread> callers = new ArrayList<>();
    private volatile String failingStep;
    private GroupCommitCommandBus testSubject;

    @BeforeEach
    void createBus() {
        SimpleCommandBus alone = SimpleCommandBus.builder().transactionManager(transactions).build();
        SimpleCommandBus grouped = SimpleCommandBus.builder().transactionManager(NoTransactionManager.INSTANCE).build();
        testSubject = new GroupCommitCommandBus(alone, grouped, transactions,
                new GroupCommitProperties(true, 64, 1), TRACE_CARRIER, new SimpleMeterRegistry());
        testSubject.subscribe(Touch.class.getName(), message -> {
            Touch touch = (Touch) message.getPayload();
            log.add("handle " + touch.step() + " in " + transactions.current());
            seen.add(touch.step() + " mdc=" + MDC.get("caller") + " trace=" + TRACE.get());
            if (touch.step().equals("first")) {
                firstGroupMayFinish.await();
            }
            if (touch.step().equals(failingStep)) {
                throw new IllegalStateException(touch.step() + " is rejected");
            }
            return touch.step();
        });
    }

    @AfterEach
    void releaseCallers() throws InterruptedException {
        firstGroupMayFinish.countDown();
        for (Thread caller : callers) {
            caller.join(10_000);
        }
    }

    @Test
    void commandsThatQueueWhileAGroupRunsShareTheNextTransaction() throws Exception {
        CompletableFuture<CommandResultMessage<?>> first = dispatchWhileTheFirstGroupRuns();
        List<CompletableFuture<CommandResultMessage<?>>> queued = queueBehindTheFirstGroup("b1", "a1", "c1");

        firstGroupMayFinish.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS).getPayload()).isEqualTo("first");
        for (CompletableFuture<CommandResultMessage<?>> answer : queued) {
            assertThat(answer.get(10, TimeUnit.SECONDS).isExceptional()).isFalse();
        }
        assertThat(transactions.begun.get()).as("one transaction for the first, one for the three that queued")
                .isEqualTo(2);
        assertThat(log).containsSubsequence("handle a1 in 2", "handle b1 in 2", "handle c1 in 2", "commit 2");
        assertThat(log.indexOf("commit 2")).as("answered only after their commit")
                .isLessThan(log.indexOf("answer a1"))
                .isLessThan(log.indexOf("answer b1"))
                .isLessThan(log.indexOf("answer c1"));
        assertThat(seen).as("handled on the first caller's thread with each caller's MDC and trace")
                .contains("a1 mdc=a1 trace=a1", "b1 mdc=b1 trace=b1", "c1 mdc=c1 trace=c1");
    }

    @Test
    void oneAggregatesCommandsKeepTheirOrderAndTheGroupTakesLocksInAscendingTargetOrder() throws Exception {
        dispatchWhileTheFirstGroupRuns();
        List<CompletableFuture<CommandResultMessage<?>>> queued = queueBehindTheFirstGroup("b1", "a1", "b2", "a2");

        firstGroupMayFinish.countDown();

        for (CompletableFuture<CommandResultMessage<?>> answer : queued) {
            answer.get(10, TimeUnit.SECONDS);
        }
        assertThat(log).containsSubsequence("handle a1 in 2", "handle a2 in 2", "handle b1 in 2", "handle b2 in 2");
    }

    @Test
    void aCommandThatFailsFirstInItsGroupHasThatFailureAsItsAnswerAndTheRestCommitWithoutIt() throws Exception {
        failingStep = "a1";
        dispatchWhileTheFirstGroupRuns();
        List<CompletableFuture<CommandResultMessage<?>>> queued = queueBehindTheFirstGroup("a1", "b1");

        firstGroupMayFinish.countDown();

        assertThat(queued.get(0).get(10, TimeUnit.SECONDS).exceptionResult()).hasMessage("a1 is rejected");
        assertThat(queued.get(1).get(10, TimeUnit.SECONDS).getPayload()).isEqualTo("b1");
        assertThat(log).containsSubsequence("handle a1 in 2", "rollback 2", "handle b1 in 3", "commit 3");
        assertThat(log).as("handled once").filteredOn(line -> line.startsWith("handle a1")).hasSize(1);
    }

    @Test
    void aCommandThatFailsAfterOthersIsTriedAgainFirstOnceTheyCommittedWithoutIt() throws Exception {
        failingStep = "b1";
        dispatchWhileTheFirstGroupRuns();
        List<CompletableFuture<CommandResultMessage<?>>> queued = queueBehindTheFirstGroup("a1", "b1", "c1");

        firstGroupMayFinish.countDown();

        assertThat(queued.get(0).get(10, TimeUnit.SECONDS).getPayload()).isEqualTo("a1");
        assertThat(queued.get(1).get(10, TimeUnit.SECONDS).exceptionResult()).hasMessage("b1 is rejected");
        assertThat(queued.get(2).get(10, TimeUnit.SECONDS).getPayload()).isEqualTo("c1");
        assertThat(log).containsSubsequence(
                "handle a1 in 2", "handle b1 in 2", "rollback 2",
                "handle a1 in 3", "commit 3",
                "handle b1 in 4", "rollback 4",
                "handle c1 in 5", "commit 5");
        assertThat(log.indexOf("commit 3")).as("no answer before its commit").isLessThan(log.indexOf("answer a1"));
    }

    @Test
    void aGroupWhoseCommitFailsRunsEveryCommandAgainAlone() throws Exception {
        transactions.failCommitOf = 2;
        dispatchWhileTheFirstGroupRuns();
        List<CompletableFuture<CommandResultMessage<?>>> queued = queueBehindTheFirstGroup("a1", "b1");

        firstGroupMayFinish.countDown();

        assertThat(queued.get(0).get(10, TimeUnit.SECONDS).getPayload()).isEqualTo("a1");
        assertThat(queued.get(1).get(10, TimeUnit.SECONDS).getPayload()).isEqualTo("b1");
        assertThat(log).containsSubsequence("handle a1 in 2", "handle b1 in 2", "rollback 2");
        assertThat(log).as("the first, then a1 and b1 alone").filteredOn(line -> line.startsWith("commit"))
                .hasSize(3);
    }

    @Test
    void aCommandDispatchedInsideAUnitOfWorkJoinsItInsteadOfQueueing() {
        UnitOfWork<?> outer = DefaultUnitOfWork.startAndGet(asCommandMessage("outer"));
        List<UnitOfWork<?>> handledIn = new ArrayList<>();
        testSubject.subscribe(String.class.getName(), message -> {
            handledIn.add(CurrentUnitOfWork.get().root());
            return null;
        });
        try {
            testSubject.dispatch(asCommandMessage("inner"), (command, result) -> log.add("answer inner"));
        } finally {
            outer.commit();
        }

        assertThat(handledIn).containsExactly(outer);
        assertThat(log).contains("answer inner");
    }

    /** Starts "first" on its own thread and returns once its group is running (holding the lane). */
    private CompletableFuture<CommandResultMessage<?>> dispatchWhileTheFirstGroupRuns() {
        CompletableFuture<CommandResultMessage<?>> answer = dispatchOnNewThread(new Touch("z", "first"));
        await().atMost(Duration.ofSeconds(10)).until(() -> log.contains("handle first in 1"));
        return answer;
    }

    /** Dispatches each step on a thread of its own, each once the one before waits in the queue. */
    private List<CompletableFuture<CommandResultMessage<?>>> queueBehindTheFirstGroup(String... steps) {
        List<CompletableFuture<CommandResultMessage<?>>> answers = new ArrayList<>();
        for (String step : steps) {
            answers.add(dispatchOnNewThread(new Touch(step.substring(0, 1), step)));
            Thread queued = callers.get(callers.size() - 1);
            await().atMost(Duration.ofSeconds(10)).until(() -> queued.getState() == Thread.State.WAITING);
        }
        return answers;
    }

    private CompletableFuture<CommandResultMessage<?>> dispatchOnNewThread(Touch touch) {
        CompletableFuture<CommandResultMessage<?>> answer = new CompletableFuture<>();
        CommandMessage<Touch> command = asCommandMessage(touch);
        Thread caller = new Thread(() -> {
            MDC.put("caller", touch.step());
            TRACE.set(touch.step());
            testSubject.dispatch(command, (message, result) -> {
                log.add("answer " + touch.step());
                answer.complete(result);
            });
        }, "caller-" + touch.step());
        callers.add(caller);
        caller.start();
        return answer;
    }

    /** Numbers the transactions it begins and logs their ends; can fail one commit. */
    private final class RecordingTransactions implements TransactionManager {

        final AtomicInteger begun = new AtomicInteger();
        final ThreadLocal<Integer> current = new ThreadLocal<>();
        volatile int failCommitOf;

        Integer current() {
            return current.get();
        }

        @Override
        public Transaction startTransaction() {
            int number = begun.incrementAndGet();
            current.set(number);
            return new Transaction() {
                @Override
                public void commit() {
                    current.remove();
                    if (number == failCommitOf) {
                        throw new IllegalStateException("commit " + number + " fails");
                    }
                    log.add("commit " + number);
                }

                @Override
                public void rollback() {
                    current.remove();
                    log.add("rollback " + number);
                }
            };
        }
    }
}
