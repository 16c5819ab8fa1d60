package io.annals.app.deadletter;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.EnqueueDecision;
import org.axonframework.messaging.deadletter.EnqueuePolicy;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.springframework.dao.DataAccessException;

import java.sql.SQLException;

/**
 * The enqueue policy of every dead-letter queue: an event whose handler throws is parked (with the rest of its
 * sequence behind it) and stays parked until a retry succeeds; nothing is evicted silently.
 *
 * <p>The stored cause is the exception's type and a single-line message cut to {@code cause-max-length}; never a stack
 * trace. Database errors keep only their SQL state, as their messages carry SQL text and bound values.
 *
 * <p>Diagnostics {@value #ATTEMPTS}: how often handling this letter's event failed. 1 when it was parked by its own
 * failure, 0 when it was only parked behind an earlier letter of its sequence, and one more for every failed retry.
 */
final class ParkOnFailure implements EnqueuePolicy<EventMessage<?>> {

    static final String ATTEMPTS = "attempts";

    private final int causeMaxLength;

    ParkOnFailure(int causeMaxLength) {
        this.causeMaxLength = causeMaxLength;
    }

    @Override
    public EnqueueDecision<EventMessage<?>> decide(DeadLetter<? extends EventMessage<?>> letter, Throwable cause) {
        return Decisions.enqueue(describe(cause),
                failed -> failed.diagnostics().and(ATTEMPTS, attempts(failed) + 1));
    }

    /** Axon's processing attempts of a dead letter, as recorded by this policy. */
    static int attempts(DeadLetter<?> letter) {
        return letter.diagnostics().get(ATTEMPTS) instanceof Number attempts ? attempts.intValue() : 0;
    }

    ThrowableCause describe(Throwable cause) {
        String message = databaseError(cause);
        if (message == null) {
            message = cause.getMessage() == null ? "" : cause.getMessage().replaceAll("\\s+", " ").strip();
        }
        if (message.length() > causeMaxLength) {
            message = message.substring(0, causeMaxLength);
        }
        return new ThrowableCause(cause.getClass().getName(), message);
    }

    private static String databaseError(Throwable cause) {
        boolean database = false;
        for (Throwable current = cause; current != null; current = current.getCause()) {
            if (current instanceof SQLException sql) {
                return "database error (SQL state " + sql.getSQLState() + ")";
            }
            database |= current instanceof DataAccessException;
        }
        return database ? "database error" : null;
    }
}
