package io.annals.command.groupcommit;

import io.annals.kernel.LockOrder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandCallback;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.callbacks.NoOpCallback;
import org.axonframework.common.Registration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.MessageHandler;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.MDC;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Group commit for commands: concurrent commands share one transaction, one append of their events and one WAL flush,
 * and each is answered only after that commit.
 *
 * <p>A command dispatched outside any unit of work (an HTTP request's) joins the queue of its lane (lanes are chosen by
 * target aggregate, so one aggregate's commands stay in one queue, in arrival order). The first caller to find its lane
 * idle leads: it takes up to {@code maxGroupSize} queued commands, sorts them into {@link LockOrder}, and runs them one
 * after the other in one root unit of work with one transaction, each in a nested unit of work of its own, as Axon
 * nests any command dispatched inside a unit of work. Commands of one aggregate in a group each append their own
 * event with the next version: the second finds the aggregate as the first left it. The commit wakes every caller of
 * the group; the next one waiting in the queue leads the next group. Groups form without waiting: while one group
 * runs, the commands that arrive meanwhile queue up for the next.
 *
 * <p>If a command fails, its group is rolled back and nothing of it is kept. A command that failed first in its group
 * met the state it would have met alone, so that failure is its answer; the commands after it form the next group. A
 * command that failed after others is tried again first in a group of its own, once the commands before it have
 * committed without it. If the commit fails (a lost append race with another node), every command of the group runs
 * again alone on its caller's thread, in a transaction of its own, exactly as without group commit, and the gateway
 * retries what fails there. So no answer is given for a write that was rolled back, and every answer is one the
 * command could have had alone. Each command is handled with its caller's logging MDC and trace ({@link
 * CallerContext}). Commands dispatched inside a unit of work (a saga's, a deadline's) join that unit of work's
 * transaction as before.
 *
 * <p>Written by hand: Axon 4's {@code DisruptorCommandBus} pipelines invocation and publication but still commits
 * every command's events in a transaction of its own, keeps aggregates in a cache of its own without Annals' locks,
 * and has no group of commands sharing a commit.
 */
public final class GroupCommitCommandBus implements CommandBus {

    private final SimpleCommandBus alone;
    private final SimpleCommandBus grouped;
    private final TransactionManager transactionManager;
    private final int maxGroupSize;
    private final Lane[] lanes;
    private final CallerContext callerContext;
    private final DistributionSummary groupSizes;
    private final Counter rolledBackGroups;

    /**
     * @param alone              handles a command in a transaction of its own, or in the unit of work it is
     *                           dispatched in
     * @param grouped            the same handlers and interceptors without a transaction manager: its commands run
     *                           nested in a group's unit of work
     * @param transactionManager the transaction of a group
     * @param callerContext      what a caller has current that its command's handling needs on another thread
     */
    public GroupCommitCommandBus(SimpleCommandBus alone, SimpleCommandBus grouped,
                                 TransactionManager transactionManager, GroupCommitProperties properties,
                                 CallerContext callerContext, MeterRegistry meterRegistry) {
        this.alone = alone;
        this.grouped = grouped;
        this.transactionManager = transactionManager;
        this.maxGroupSize = properties.maxGroupSize();
        this.callerContext = callerContext;
        this.lanes = new Lane[properties.lanes()];
        for (int i = 0; i < lanes.length; i++) {
            lanes[i] = new Lane();
        }
        this.groupSizes = DistributionSummary.builder("annals.commands.group.size")
                .description("commands committed together in one transaction").register(meterRegistry);
        this.rolledBackGroups = Counter.builder("annals.commands.group.rolled.back")
                .description("groups rolled back because one of their commands or their commit failed; "
                        + "their commands ran again alone").register(meterRegistry);
    }

    @Override
    public <C> void dispatch(CommandMessage<C> command) {
        dispatch(command, NoOpCallback.INSTANCE);
    }

    @Override
    public <C, R> void dispatch(CommandMessage<C> command,
                                CommandCallback<? super C, ? super R> callback) {
        if (CurrentUnitOfWork.isStarted()) {
            alone.dispatch(command, callback);
            return;
        }
        String target = LockOrder.target(command.getPayload());
        QueuedCommand queued = new QueuedCommand(command, target, Thread.currentThread(), MDC.getCopyOfContextMap(),
                callerContext.capture());
        Lane lane = lanes[target == null ? 0 : Math.floorMod(target.hashCode(), lanes.length)];
        lane.queue.add(queued);
        awaitCommit(lane, queued);
        if (queued.result == null) {
            alone.dispatch(command, callback);
        } else {
            answer(command, callback, queued.result);
        }
    }

    @SuppressWarnings("unchecked")
    private static <C, R> void answer(CommandMessage<C> command, CommandCallback<? super C, ? super R> callback,
                                      CommandResultMessage<?> result) {
        callback.onResult(command, (CommandResultMessage<? extends R>) result);
    }

    /**
     * Leads groups while the lane is idle and {@code queued} not done, else sleeps until woken: by the group that
     * took {@code queued}, or by a leader leaving an idle lane with commands still queued.
     */
    private void awaitCommit(Lane lane, QueuedCommand queued) {
        boolean interrupted = false;
        while (!queued.done) {
            if (lane.leading.compareAndSet(false, true)) {
                try {
                    runGroup(lane);
                } finally {
                    lane.leading.set(false);
                }
                QueuedCommand next = lane.queue.peek();
                if (next != null) {
                    LockSupport.unpark(next.caller);
                }
            } else {
                LockSupport.park(this);
                interrupted |= Thread.interrupted(); // keep waiting: the group commits whatever this thread's state
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void runGroup(Lane lane) {
        List<QueuedCommand> group = new ArrayList<>(Math.min(maxGroupSize, 64));
        for (QueuedCommand next; group.size() < maxGroupSize && (next = lane.queue.poll()) != null; ) {
            group.add(next);
        }
        group.sort(QueuedCommand.LOCK_ORDER);
        try {
            runTogether(group);
        } finally {
            for (QueuedCommand queued : group) {
                queued.done = true;
                LockSupport.unpark(queued.caller);
            }
        }
    }

    /**
     * Gives every command an answer or sends it to run alone. A command that fails first in its group failed on the
     * state it would have found alone, so that is its answer. One that fails after others is tried again first in a
     * group of its own, after the commands before it have committed without it.
     */
    private void runTogether(List<QueuedCommand> commands) {
        List<QueuedCommand> rest = commands;
        while (!rest.isEmpty()) {
            int failed;
            try {
                failed = attempt(rest);
            } catch (RuntimeException | Error commitFailed) {
                rolledBackGroups.increment();
                rest.forEach(queued -> queued.result = null); // each runs again alone, on its caller's thread
                return;
            }
            if (failed < 0) {
                groupSizes.record(rest.size());
                return;
            }
            rolledBackGroups.increment();
            if (failed > 0) {
                runTogether(rest.subList(0, failed));
            }
            rest = rest.subList(failed == 0 ? 1 : failed, rest.size());
        }
    }

    /**
     * Runs the commands in one transaction, each nested in its own unit of work, and commits them.
     *
     * @return -1 when all of them committed, else the index of the first that failed (the group rolled back)
     * @throws RuntimeException when the commit failed (the group rolled back)
     */
    private int attempt(List<QueuedCommand> commands) {
        UnitOfWork<?> root = DefaultUnitOfWork.startAndGet(commands.get(0).command);
        try {
            root.attachTransaction(transactionManager);
            for (int i = 0; i < commands.size(); i++) {
                QueuedCommand queued = commands.get(i);
                queued.result = null;
                try (CallerContext.Scope ignored = queued.openCallerContext()) {
                    grouped.dispatch(queued.command, (command, result) -> queued.result = result);
                }
                if (queued.result == null || queued.result.isExceptional()) {
                    root.rollback();
                    return i;
                }
            }
        } catch (RuntimeException | Error failure) {
            if (root.isActive()) {
                root.rollback(failure);
            }
            throw failure;
        }
        root.commit(); // rolls back and throws if the commit fails
        return -1;
    }

    @Override
    public Registration subscribe(String commandName, MessageHandler<? super CommandMessage<?>> handler) {
        return onBoth(bus -> bus.subscribe(commandName, handler));
    }

    @Override
    public Registration registerHandlerInterceptor(
            MessageHandlerInterceptor<? super CommandMessage<?>> handlerInterceptor) {
        return onBoth(bus -> bus.registerHandlerInterceptor(handlerInterceptor));
    }

    @Override
    public Registration registerDispatchInterceptor(
            MessageDispatchInterceptor<? super CommandMessage<?>> dispatchInterceptor) {
        return onBoth(bus -> bus.registerDispatchInterceptor(dispatchInterceptor));
    }

    /** Handlers and interceptors are the same whether a command runs alone or in a group. */
    private Registration onBoth(Function<SimpleCommandBus, Registration> registration) {
        Registration first = registration.apply(alone);
        Registration second = registration.apply(grouped);
        return () -> first.cancel() & second.cancel();
    }

    private static final class Lane {
        final ConcurrentLinkedQueue<QueuedCommand> queue = new ConcurrentLinkedQueue<>();
        final AtomicBoolean leading = new AtomicBoolean();
    }
}
