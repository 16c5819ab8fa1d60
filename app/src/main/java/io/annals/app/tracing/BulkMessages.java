package io.annals.app.tracing;

import io.annals.kernel.intake.IntakeDuplicatesIgnored;
import io.annals.kernel.intake.IntakeEventAccepted;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

/**
 * The messages that never get a span of their own: intake's events, which arrive at up to 50,000 a second. Their
 * request has its span (HTTP) and so has each enrichment batch ({@link ProcessorSpans}); a span per event would cost
 * more than the event's own processing.
 */
final class BulkMessages {

    private BulkMessages() {
    }

    static boolean isBulk(Message<?> message) {
        if (message == null) {
            return false;
        }
        Class<?> type = message.getPayloadType();
        return type == IntakeEventAccepted.class || type == IntakeDuplicatesIgnored.class;
    }

    /** Whether this thread is handling a bulk message now (a handler method's span has no message of its own). */
    static boolean handlingBulk() {
        return CurrentUnitOfWork.isStarted() && isBulk(CurrentUnitOfWork.get().getMessage());
    }
}
