package io.annals.app.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * One reader's position in a {@link CommitSignallingEventSource}; used by one processor thread at a time, woken from
 * any thread.
 */
final class SignalledStream implements BlockingStream<TrackedEventMessage<?>> {

    private final CommitSignallingEventSource source;
    private final int maxInFlight;
    /** Re-checks of throttled streams, shared by the source's streams. */
    private final ScheduledExecutorService flowChecks;
    private final ArrayDeque<TrackedEventMessage<?>> buffer = new ArrayDeque<>();
    private final Object monitor = new Object();
    private TrackingToken fetchedUpTo;
    private volatile Runnable onAvailable;
    /** The signal count when a read last found nothing (-1: read at the next call). */
    private long emptyAsOfSignal = -1;
    private final Supplier<OptionalLong> processedUpTo;
    /** Position of the last event handed out, and the processed position last looked up. */
    private volatile long handedOutUpTo = -1;
    private long processedSeen = -1;
    private final AtomicBoolean flowCheckPending = new AtomicBoolean();
    /** Payload types the processor has no handler for (Axon's coordinator tells: {@link #skipMessagesWithPayloadTypeOf}). */
    private final Set<Class<?>> skippedTypes = new HashSet<>();

    SignalledStream(CommitSignallingEventSource source, TrackingToken start, Supplier<OptionalLong> processedUpTo,
                    int maxInFlight, ScheduledExecutorService flowChecks) {
        this.source = source;
        this.fetchedUpTo = start;
        this.processedUpTo = processedUpTo;
        this.maxInFlight = maxInFlight;
        this.flowChecks = flowChecks;
    }

    void signal() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
        Runnable callback = onAvailable;
        if (callback != null) {
            callback.run();
        }
    }

    @Override
    public Optional<TrackedEventMessage<?>> peek() {
        fill();
        return Optional.ofNullable(buffer.peekFirst());
    }

    @Override
    public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
        if (!awaitBuffered(timeout, unit)) {
            return false;
        }
        if (tooFarAhead()) {
            checkFlowSoon();
            return false;
        }
        return true;
    }

    /** Whether the processor's slowest segment is {@code maxInFlight} or more events behind what was handed out. */
    private boolean tooFarAhead() {
        if (handedOutUpTo - processedSeen < maxInFlight) {
            return false;
        }
        processedSeen = processedUpTo.get().orElse(handedOutUpTo);
        return handedOutUpTo - processedSeen >= maxInFlight;
    }

    /**
     * Wakes the coordinator once its workers have caught up: it asks again and gets the next events. Should a
     * check fail, the timer's signals still wake the coordinator every {@code event-store-fetch-delay}.
     */
    private void checkFlowSoon() {
        if (flowCheckPending.compareAndSet(false, true)) {
            scheduleFlowCheck();
        }
    }

    private void scheduleFlowCheck() {
        try {
            flowChecks.schedule(this::checkFlow, 1, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            flowCheckPending.set(false);
        }
    }

    private void checkFlow() {
        Runnable callback = onAvailable;
        boolean caughtUp;
        try {
            caughtUp = callback == null // closed: the processor stopped reading
                    || handedOutUpTo - processedUpTo.get().orElse(Long.MAX_VALUE) < maxInFlight;
        } catch (RuntimeException failure) {
            flowCheckPending.set(false);
            throw failure;
        }
        if (!caughtUp) {
            scheduleFlowCheck();
            return;
        }
        flowCheckPending.set(false);
        if (callback != null) {
            callback.run();
        }
    }

    /** Whether an event is buffered, reading and waiting for signals up to {@code timeout}. */
    private boolean awaitBuffered(int timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            if (fill()) {
                return true;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return false;
            }
            synchronized (monitor) {
                if (source.signalCount() == emptyAsOfSignal) {
                    TimeUnit.NANOSECONDS.timedWait(monitor, remaining);
                }
            }
        }
    }

    @Override
    public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
        while (!awaitBuffered(1, TimeUnit.SECONDS)) {
            // keep waiting: the caller asked to block until an event arrives
        }
        TrackedEventMessage<?> next = buffer.pollFirst();
        handedOutUpTo = next.trackingToken().position().orElse(handedOutUpTo);
        return next;
    }

    @Override
    public boolean setOnAvailableCallback(Runnable callback) {
        onAvailable = callback;
        return true;
    }

    /**
     * Axon's coordinator calls this for an event none of its processor's handlers can take. From then on a run of
     * consecutive events of such types reaches the processor as its last event only: that one's token covers the
     * whole run, so the processor's position moves exactly as before, but its coordinator no longer offers every one
     * of them to every segment (with intake traffic, four processors did that for a thousand events per request).
     */
    @Override
    public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
        if (skippedTypes.add(ignoredMessage.getPayloadType())) {
            List<TrackedEventMessage<?>> buffered = new ArrayList<>(buffer);
            buffer.clear();
            addUnskipped(buffered);
        }
    }

    /** Adds the events to the buffer, of each run of skipped types only the last. */
    private void addUnskipped(List<TrackedEventMessage<?>> events) {
        if (skippedTypes.isEmpty()) {
            buffer.addAll(events);
            return;
        }
        int last = events.size() - 1;
        for (int i = 0; i <= last; i++) {
            TrackedEventMessage<?> event = events.get(i);
            if (i == last || !skippedTypes.contains(event.getPayloadType())
                    || !skippedTypes.contains(events.get(i + 1).getPayloadType())) {
                buffer.add(event);
            }
        }
    }

    @Override
    public void close() {
        source.closed(this);
        onAvailable = null;
    }

    /**
     * @return whether events are buffered, reading the next batch when the buffer is empty and a signal came
     *         after the last read that found nothing
     */
    private boolean fill() {
        if (!buffer.isEmpty()) {
            return true;
        }
        long signalsSeen = source.signalCount();
        if (signalsSeen == emptyAsOfSignal) {
            return false;
        }
        SharedRead read = source.eventsAfter(fetchedUpTo, signalsSeen);
        List<TrackedEventMessage<?>> events = read.awaitEvents();
        if (events.isEmpty()) {
            emptyAsOfSignal = read.signalsBefore();
            return false;
        }
        addUnskipped(events);
        fetchedUpTo = buffer.peekLast().trackingToken();
        return true;
    }
}
