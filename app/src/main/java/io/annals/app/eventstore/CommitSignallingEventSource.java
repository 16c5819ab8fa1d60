package io.annals.app.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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

    /** How many signals were sent: a read that starts after signal N sees every event committed before signal N. */
    long signalCount() {
        return signals.get();
    }

    /** The stream was closed: it needs no more signals. */
    void closed(SignalledStream stream) {
        openStreams.remove(stream);
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
    SharedRead eventsAfter(TrackingToken position, long signalsSeen) {
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
        SignalledStream stream = new SignalledStream(this, trackingToken, processedUpTo, maxInFlight, flowChecks);
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
}
