package io.annals.app.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The event stream the projections' pooled processors read, straight from the storage engine, that tells its reader
 * when new events may be there.
 *
 * <p>Written by hand because Axon's {@code EmbeddedEventStore} streams do not support availability callbacks, so a
 * {@code PooledStreamingEventProcessor} reading them polls every 500 ms: half a second of read-model lag on every
 * write. Here every open stream is signalled ({@link #signal()}) after each local commit of events and on a short
 * timer (which covers events appended by other nodes), and the processor wakes at once. Gap handling, upcasting and
 * ordering are the storage engine's own ({@code readEvents(token)}).
 *
 * <p>A stream whose last read found nothing reads again only after the next signal: Axon's coordinator asks
 * {@code hasNextAvailable()} three to four times per run, and each of the four processors runs after every commit, so
 * without this a single command caused a dozen empty queries of the event table. And the processors share reads: all
 * of them usually stand at the same position and all read after each commit, so the first one reads and the others
 * take its result (a read of a position is reused while nothing was signalled since, or for good when it found
 * events: a later read of that position could only add gap events, which the token's gaps bring in afterwards).
 *
 * <p>A stream opened through {@link #throttledBy} also keeps its processor from running too far ahead: Axon's
 * pooled coordinator queues up to 1,024 events per work package and, once a queue is full, looks again only after a
 * fixed 100 ms (and it counts each queue, a linked list, for every event it hands out). During a replay that left the
 * workers idle between bursts. Here the stream says "nothing available" while {@code maxInFlight} events are handed
 * out but not yet processed, re-checks every millisecond, and wakes the coordinator as soon as the workers catch up.
 */
public class CommitSignallingEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    /** The service's source's bean name, which processors name as their {@code source} in application.yml. */
    public static final String COMMITTED_EVENTS = "committedEvents";

    private final EventStorageEngine storageEngine;
    private final int batchSize;
    private final Set<SignalledStream> openStreams = ConcurrentHashMap.newKeySet();
    /** Counts signals: a read that starts after signal N sees every event committed before signal N. */
    private final AtomicLong signals = new AtomicLong();
    /** The latest reads by the position they started from; at most {@link #SHARED_READS}. */
    private final Map<TrackingToken, SharedRead> recentReads = new ConcurrentHashMap<>();
    private final int maxInFlight;
    private final ScheduledExecutorService flowChecks;

    private static final int SHARED_READS = 16;
    /** Events Axon's coordinator queues per work package before it pauses for 100 ms ({@code WorkPackage}). */
    private static final int AXON_WORK_PACKAGE_BUFFER = 1024;

    /**
     * A read of the events after one position, started after signal {@code signalsBefore}; done or under way, and
     * other streams at that position may take it.
     */
    private record SharedRead(long signalsBefore, CompletableFuture<List<TrackedEventMessage<?>>> events) {

        /** The events, once the read is done; a failed read's exception. */
        List<TrackedEventMessage<?>> awaitEvents() {
            try {
                return events.join();
            } catch (CompletionException failure) {
                throw failure.getCause() instanceof RuntimeException cause ? cause : failure;
            }
        }

        /** Whether a reader that saw signal {@code signalsSeen} may take this read's events as its own. */
        boolean serves(long signalsSeen) {
            return signalsBefore >= signalsSeen
                    || events.isDone() && !events.isCompletedExceptionally() && !events.join().isEmpty();
        }
    }

    /**
     * @param batchSize   events per read of the event table
     * @param maxInFlight events a throttled stream hands out ahead of its processor's slowest segment
     */
    public CommitSignallingEventSource(EventStorageEngine storageEngine, int batchSize, int maxInFlight) {
        if (maxInFlight < 1 || maxInFlight >= AXON_WORK_PACKAGE_BUFFER) {
            throw new IllegalArgumentException("events in flight must be between 1 and " + (AXON_WORK_PACKAGE_BUFFER - 1)
                    + " (Axon pauses a processor whose work-package queue holds " + AXON_WORK_PACKAGE_BUFFER + "), not "
                    + maxInFlight);
        }
        this.storageEngine = storageEngine;
        this.batchSize = batchSize;
        this.maxInFlight = maxInFlight;
        this.flowChecks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "event-source-flow");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Stops the re-checks of throttled streams. */
    public void shutDown() {
        flowChecks.shutdownNow();
    }

    /**
     * The same events, for one processor: its streams pause while {@code maxInFlight} events are handed out beyond
     * {@code processedUpTo} (the position its slowest segment has processed; empty while unknown, which never pauses).
     */
    public StreamableMessageSource<TrackedEventMessage<?>> throttledBy(Supplier<OptionalLong> processedUpTo) {
        return new StreamableMessageSource<>() {
            @Override
            public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
                return open(trackingToken, processedUpTo);
            }

            @Override
            public TrackingToken createTailToken() {
                return CommitSignallingEventSource.this.createTailToken();
            }

            @Override
            public TrackingToken createHeadToken() {
                return CommitSignallingEventSource.this.createHeadToken();
            }

            @Override
            public TrackingToken createTokenAt(Instant dateTime) {
                return CommitSignallingEventSource.this.createTokenAt(dateTime);
            }
        };
    }

    /** New events may have been committed: wake every reader. */
    public void signal() {
        signals.incrementAndGet();
        openStreams.forEach(SignalledStream::signal);
    }

    /**
     * The events after {@code position}, read after signal {@code signalsSeen} by this caller or by another stream.
     * The query runs outside the map (a {@code compute} would block other positions of the same hash bin).
     */
    private SharedRead eventsAfter(TrackingToken position, long signalsSeen) {
        if (position == null) {
            long signalsBefore = signals.get();
            return new SharedRead(signalsBefore, CompletableFuture.completedFuture(readEventsAfter(null)));
        }
        SharedRead mine = new SharedRead(signals.get(), new CompletableFuture<>());
        SharedRead shared = recentReads.compute(position,
                (key, earlier) -> earlier != null && earlier.serves(signalsSeen) ? earlier : mine);
        if (shared == mine) {
            try {
                mine.events().complete(readEventsAfter(position));
            } catch (RuntimeException | Error failure) {
                recentReads.remove(position, mine);
                mine.events().completeExceptionally(failure);
                throw failure;
            }
            forgetOldestReads();
        }
        return shared;
    }

    private List<TrackedEventMessage<?>> readEventsAfter(TrackingToken position) {
        try (Stream<? extends TrackedEventMessage<?>> events = storageEngine.readEvents(position, false)) {
            return List.copyOf(events.limit(batchSize).toList());
        }
    }

    private void forgetOldestReads() {
        while (recentReads.size() > SHARED_READS) {
            recentReads.entrySet().stream().min(Comparator.comparingLong(entry -> entry.getValue().signalsBefore()))
                    .ifPresent(oldest -> recentReads.remove(oldest.getKey(), oldest.getValue()));
        }
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return open(trackingToken, OptionalLong::empty);
    }

    private BlockingStream<TrackedEventMessage<?>> open(TrackingToken trackingToken,
                                                        Supplier<OptionalLong> processedUpTo) {
        SignalledStream stream = new SignalledStream(trackingToken, processedUpTo);
        openStreams.add(stream);
        return stream;
    }

    @Override
    public TrackingToken createTailToken() {
        return storageEngine.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return storageEngine.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return storageEngine.createTokenAt(dateTime);
    }

    /** One reader's position; used by one processor thread at a time, woken from any thread. */
    private final class SignalledStream implements BlockingStream<TrackedEventMessage<?>> {

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

        SignalledStream(TrackingToken start, Supplier<OptionalLong> processedUpTo) {
            this.fetchedUpTo = start;
            this.processedUpTo = processedUpTo;
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
                    if (signals.get() == emptyAsOfSignal) {
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

        @Override
        public void close() {
            openStreams.remove(this);
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
            long signalsSeen = signals.get();
            if (signalsSeen == emptyAsOfSignal) {
                return false;
            }
            SharedRead read = eventsAfter(fetchedUpTo, signalsSeen);
            List<TrackedEventMessage<?>> events = read.awaitEvents();
            if (events.isEmpty()) {
                emptyAsOfSignal = read.signalsBefore();
                return false;
            }
            buffer.addAll(events);
            fetchedUpTo = buffer.peekLast().trackingToken();
            return true;
        }
    }
}
