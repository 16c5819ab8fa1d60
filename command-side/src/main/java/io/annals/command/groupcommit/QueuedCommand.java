package io.annals.command.groupcommit;

import io.annals.kernel.LockOrder;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.CommandResultMessage;
import org.slf4j.MDC;

import java.util.Comparator;
import java.util.Map;

/** A command waiting in a {@link GroupCommitCommandBus} lane, with what its caller had current. */
final class QueuedCommand {

    static final Comparator<QueuedCommand> LOCK_ORDER = LockOrder.by(queued -> queued.target);

    final CommandMessage<?> command;
    final String target;
    final Thread caller;
    final Map<String, String> callerMdc;
    final CallerContext.Captured callerContext;
    /** Written by the leader before {@link #done}; {@code null} once done: run again alone. */
    CommandResultMessage<?> result;
    volatile boolean done;

    QueuedCommand(CommandMessage<?> command, String target, Thread caller, Map<String, String> callerMdc,
                  CallerContext.Captured callerContext) {
        this.command = command;
        this.target = target;
        this.caller = caller;
        this.callerMdc = callerMdc;
        this.callerContext = callerContext;
    }

    /** On the leader's thread, the caller's logging MDC and trace while its command is handled. */
    CallerContext.Scope openCallerContext() {
        if (caller == Thread.currentThread()) {
            return () -> {
            };
        }
        Map<String, String> leaderMdc = MDC.getCopyOfContextMap();
        setMdc(callerMdc);
        CallerContext.Scope trace = callerContext.open();
        return () -> {
            trace.close();
            setMdc(leaderMdc);
        };
    }

    private static void setMdc(Map<String, String> mdc) {
        if (mdc == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(mdc);
        }
    }
}
