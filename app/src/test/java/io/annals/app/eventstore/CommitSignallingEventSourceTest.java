package io.annals.app.eventstore;

import io.annals.app.test.ApiClient;
import io.annals.app.test.EndToEndTest;
import io.annals.kernel.intake.IntakeEventAccepted;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The projections' event source reads the event table only when a signal says new events may be there, and a signal
 * wakes a reader at once. Each test builds its own source on the service's storage engine, so only the test signals
 * it (the service's commits signal the service's source).
 */
@EndToEndTest
class CommitSignallingEventSourceTest {

    private final AtomicInteger reads = new AtomicInteger();
    private final EventStorageEngine storageEngine;
    private final CommitSignallingEventSource testSubject;
    private final ApiClient api;
    private final JdbcTemplate jdbc;
    private final ExecutorService reader = Executors.newSingleThreadExecutor();

    CommitSignallingEventSourceTest(@Autowired EventStorageEngine storageEngine, @Autowired ApplicationContext context,
                                    @Autowired JdbcTemplate jdbc) {
        this.storageEngine = storageEngine;
        this.jdbc = jdbc;
        this.testSubject = new CommitSignallingEventSource(countingReads(storageEngine), 100, 512);
        this.api = ApiClient.of(context);
    }

    @AfterEach
    void stopReader() {
        reader.shutdownNow();
        testSubject.shutDown();
    }

    @Test
    void aStreamThatFoundNothingReadsAgainOnlyAfterTheNextSignal() throws InterruptedException {
        BlockingStream<TrackedEventMessage<?>> stream = testSubject.openStream(testSubject.createHeadToken());
        drain(stream);
        int readsWhenCurrent = reads.get();

        assertThat(stream.hasNextAvailable()).isFalse();
        assertThat(stream.peek()).isEmpty();
        assertThat(reads).as("no signal since the last empty read").hasValue(readsWhenCurrent);

        testSubject.signal();
        stream.hasNextAvailable();
        assertThat(reads).as("a signal came").hasValue(readsWhenCurrent + 1);
    }

    @Test
    void streamsAtTheSamePositionShareOneReadThatFoundEvents() {
        TrackingToken position = testSubject.createHeadToken();
        api.registerProduct("SHARED", 1);
        BlockingStream<TrackedEventMessage<?>> first = testSubject.openStream(position);
        BlockingStream<TrackedEventMessage<?>> second = testSubject.openStream(position);

        assertThat(first.hasNextAvailable()).isTrue();
        testSubject.signal();
        assertThat(second.hasNextAvailable()).isTrue();

        assertThat(reads).as("the second stream took the first one's read, a signal later").hasValue(1);
        assertThat(second.peek().map(TrackedEventMessage::getIdentifier))
                .isEqualTo(first.peek().map(TrackedEventMessage::getIdentifier));
    }

    @Test
    void aSignalAfterACommitWakesAWaitingReaderWithTheNewEvent() throws Exception {
        BlockingStream<TrackedEventMessage<?>> stream = testSubject.openStream(testSubject.createHeadToken());
        drain(stream);
        Future<Boolean> waiting = reader.submit(() -> stream.hasNextAvailable(60, TimeUnit.SECONDS));

        String sku = api.registerProduct("SIGNAL", 1);
        testSubject.signal();

        assertThat(waiting.get(10, TimeUnit.SECONDS)).as("woken long before the 60 s wait ends").isTrue();
        assertThat(reader.submit(() -> containsEventOf(stream, sku)).get(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aThrottledStreamPausesWhileItsProcessorIsTooFarBehindAndWakesItWhenItCatchesUp() throws Exception {
        CommitSignallingEventSource oneInFlight = new CommitSignallingEventSource(countingReads(storageEngine), 100, 1);
        try {
            api.registerProduct("FLOW", 1);
            TrackingToken start = oneInFlight.createHeadToken();
            long startPosition = start.position().orElseThrow();
            for (int i = 0; i < 3; i++) {
                api.registerProduct("FLOW", 1);
            }
            AtomicReference<OptionalLong> processed = new AtomicReference<>(OptionalLong.of(startPosition));
            BlockingStream<TrackedEventMessage<?>> stream = oneInFlight.throttledBy(processed::get).openStream(start);
            CountDownLatch woken = new CountDownLatch(1);
            stream.setOnAvailableCallback(woken::countDown);

            assertThat(stream.hasNextAvailable()).isTrue();
            long handedOut = stream.nextAvailable().trackingToken().position().orElseThrow();
            assertThat(stream.peek()).as("a second event is there").isPresent();
            assertThat(stream.hasNextAvailable()).as("one handed out beyond what was processed").isFalse();

            processed.set(OptionalLong.of(handedOut));
            assertThat(woken.await(5, TimeUnit.SECONDS)).as("woken once the processor caught up").isTrue();
            assertThat(stream.hasNextAvailable()).isTrue();
        } finally {
            oneInFlight.shutDown();
        }
    }

    @Test
    void onceATypeIsSkippedARunOfItsEventsReachesTheReaderAsItsLastEventWithThatEventsToken() throws Exception {
        String source = "skip-" + UUID.randomUUID().toString().substring(0, 8);
        BlockingStream<TrackedEventMessage<?>> stream = testSubject.openStream(testSubject.createHeadToken());
        drain(stream);
        String events = IntStream.rangeClosed(1, 5).mapToObj(i -> "{\"event_id\":\"e" + i + "\",\"source_id\":\""
                + source + "\",\"timestamp\":1}").collect(Collectors.joining(",", "[", "]"));
        assertThat(api.post("/api/intake/events", events).status()).isEqualTo(202);
        String sku = api.registerProduct("AFTER-RUN", 1);
        testSubject.signal();

        List<TrackedEventMessage<?>> delivered = new ArrayList<>();
        TrackedEventMessage<?> first = null;
        while (stream.hasNextAvailable()) {
            TrackedEventMessage<?> event = stream.nextAvailable();
            if (first == null && event.getPayload() instanceof IntakeEventAccepted accepted
                    && accepted.sourceId().equals(source)) {
                first = event;
                stream.skipMessagesWithPayloadTypeOf(event); // as Axon's coordinator does when no handler takes it
                continue;
            }
            delivered.add(event);
        }

        assertThat(first).isNotNull();
        List<Long> ours = delivered.stream().filter(e -> e.getPayload() instanceof IntakeEventAccepted accepted
                && accepted.sourceId().equals(source)).map(e -> ((IntakeEventAccepted) e.getPayload()).sourceSequence())
                .toList();
        assertThat(ours).as("of the run only its last event").containsExactly(5L);
        TrackedEventMessage<?> last = delivered.stream().filter(e -> e.getPayload() instanceof IntakeEventAccepted a
                && a.sourceId().equals(source)).findFirst().orElseThrow();
        assertThat(last.trackingToken().position()).as("the token of the run's last event").hasValue(
                storedPosition("intake:" + source + ":e5"));
        assertThat(delivered).as("events of other types still come").anyMatch(e -> e instanceof DomainEventMessage<?> d
                && sku.equals(d.getAggregateIdentifier()));
    }

    private long storedPosition(String eventIdentifier) {
        Long position = jdbc.queryForObject("SELECT global_index FROM domain_event_entry WHERE event_identifier = ?",
                Long.class, eventIdentifier);
        return position == null ? -1 : position;
    }

    private static void drain(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
        while (stream.hasNextAvailable()) {
            stream.nextAvailable();
        }
    }

    /** Other tests append too: reads until the stream is current and says whether {@code sku}'s event came by. */
    private static boolean containsEventOf(BlockingStream<TrackedEventMessage<?>> stream, String sku)
            throws InterruptedException {
        boolean found = false;
        while (stream.hasNextAvailable()) {
            TrackedEventMessage<?> event = stream.nextAvailable();
            found |= event instanceof DomainEventMessage<?> domainEvent
                    && sku.equals(domainEvent.getAggregateIdentifier());
        }
        return found;
    }

    private EventStorageEngine countingReads(EventStorageEngine storageEngine) {
        return (EventStorageEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{EventStorageEngine.class}, (proxy, method, args) -> {
                    if (method.getName().equals("readEvents") && method.getParameterTypes()[0] == TrackingToken.class) {
                        reads.incrementAndGet();
                    }
                    try {
                        return method.invoke(storageEngine, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
