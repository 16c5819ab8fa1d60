package io.annals.app.fanout;

import java.util.List;

/** A broker the fan-out publishes to. */
interface FanoutTarget extends AutoCloseable {

    /**
     * Publishes {@code events} and returns only once the broker acknowledged every one of them.
     *
     * @throws RuntimeException when any of them may not have been stored; the caller publishes the whole batch again
     */
    void publish(List<FanoutEvent> events);

    /** Releases the broker connection; the processor has stopped by then. */
    @Override
    void close();
}
