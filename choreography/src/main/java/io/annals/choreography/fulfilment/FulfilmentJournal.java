package io.annals.choreography.fulfilment;

import java.time.Instant;

/**
 * Where each fulfilment saga stands, for the admin listing; written in the saga's own transaction, so it never
 * disagrees with the saga's state. Ended sagas stay listed for the configured retention.
 */
public interface FulfilmentJournal {

    void started(String sagaId, String orderId, Instant startedAt);

    /** @param deadlineAt when the current step times out, or {@code null} */
    void stepReached(String sagaId, FulfilmentStep step, Instant deadlineAt);
}
