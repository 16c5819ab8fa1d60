package io.annals.query.consistency;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The bounds of {@link ReadYourWrites} (ids come from the URL, so nothing a client sends may grow memory or hold
 * threads without limit): waits that end leave nothing behind, ids that cannot exist never wait, and no more than
 * {@code max-waiting-reads} requests wait at once. The read model is a map of versions; the event store is Axon's
 * in-memory one, holding one event for each id that "exists". A read that waits when it should not would wait a
 * minute; the class timeout fails it sooner.
 */
@Timeout(30)
class ReadYourWritesBoundsTest {

    private static final String MODEL = "things";
    private static final Duration LONG = Duration.ofSeconds(60);

    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine())
            .build();
    /** The read model: the version each id's view has reached. */
    private final Map<String, Long> views = new ConcurrentHashMap<>();
    private final List<ExecutorService> pools = new ArrayList<>();

    @AfterEach
    void stop() {
        pools.forEach(ExecutorService::shutdownNow);
        eventStore.shutDown();
    }

    private ReadYourWrites testSubject(Duration timeout, Duration recheck, int maxWaitingReads) {
        return new ReadYourWrites(new ReadYourWrites.Properties(timeout, recheck, maxWaitingReads), eventStore);
    }

    /** An id with an event in the store, whose view is at version 0. */
    private String existingSku() {
        String sku = "sku-" + UUID.randomUUID();
        eventStore.publish(new GenericDomainEventMessage<>("Product", sku, 0, "registered"));
        views.put(sku, 0L);
        return sku;
    }

    private Optional<Long> read(String id) {
        return Optional.ofNullable(views.get(id));
    }

    private Optional<Long> awaitVersion(ReadYourWrites testSubject, IdFormat format, String id, long minVersion) {
        return testSubject.await(MODEL, format, id, minVersion, () -> read(id), Long::longValue);
    }

    private <T> Future<T> inBackground(Callable<T> task) {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        pools.add(pool);
        return pool.submit(task);
    }

    @Test
    void aWaitThatTimesOutLeavesNoEntryBehind() {
        ReadYourWrites testSubject = testSubject(Duration.ofMillis(50), Duration.ofMillis(10), 4);
        String sku = existingSku();

        assertThatThrownBy(() -> awaitVersion(testSubject, IdFormat.SKU, sku, 1))
                .isInstanceOf(ReadModelBehindException.class);

        assertThat(testSubject.waitedIds()).isZero();
        assertThat(testSubject.waitingReads()).isZero();
    }

    @Test
    void thousandsOfReadsOfIdsThatNeverExistAnswerAtOnceAndLeaveNothingBehind() {
        ReadYourWrites testSubject = testSubject(LONG, LONG, 4);
        AtomicInteger reads = new AtomicInteger();

        for (int i = 0; i < 5_000; i++) {
            String neverWritten = i % 2 == 0 ? "sku-" + UUID.randomUUID() : UUID.randomUUID().toString();
            IdFormat format = i % 2 == 0 ? IdFormat.SKU : IdFormat.SERVER_ID;
            Optional<Long> view = testSubject.await(MODEL, format, neverWritten, 1L, () -> {
                reads.incrementAndGet();
                return read(neverWritten);
            }, Long::longValue);
            assertThat(view).isEmpty();
        }

        assertThat(reads).as("one read each, none after registering as a waiter").hasValue(5_000);
        assertThat(testSubject.waitedIds()).isZero();
        assertThat(testSubject.waitingReads()).isZero();
    }

    static Stream<String> malformedSkus() {
        return Stream.of("has space", "slash/inside", "", "x".repeat(65));
    }

    @ParameterizedTest
    @MethodSource("malformedSkus")
    void aSkuThatCannotExistIsNotFoundWithoutWaitingEvenIfTheStoreKnewIt(String malformed) {
        ReadYourWrites testSubject = testSubject(LONG, LONG, 4);
        // the format alone decides: even an aggregate of another kind under this id does not make it a product
        eventStore.publish(new GenericDomainEventMessage<>("Other", malformed, 0, "other"));

        assertThat(awaitVersion(testSubject, IdFormat.SKU, malformed, 0)).isEmpty();
        assertThat(testSubject.waitedIds()).isZero();
    }

    @Test
    void aServerIdThatIsNoUuidIsNotFoundWithoutWaiting() {
        ReadYourWrites testSubject = testSubject(LONG, LONG, 4);
        String sku = existingSku();

        assertThat(awaitVersion(testSubject, IdFormat.SERVER_ID, sku, 1)).isEmpty();
        assertThat(testSubject.waitingReads()).isZero();
    }

    @Test
    void anIdWithEventsButNoViewYetIsWaitedFor() throws Exception {
        ReadYourWrites testSubject = testSubject(LONG, LONG, 4);
        String sku = existingSku();
        views.remove(sku);

        Future<Optional<Long>> waiting = inBackground(() -> awaitVersion(testSubject, IdFormat.SKU, sku, 0));
        await().until(() -> testSubject.waitingReads() == 1);
        views.put(sku, 0L);
        testSubject.committed(MODEL, sku);

        assertThat(waiting.get(10, TimeUnit.SECONDS)).contains(0L);
        assertThat(testSubject.waitedIds()).isZero();
    }

    @Test
    void beyondTheBoundAReadIsRefusedAtOnceAndTheWaitersStillGetTheirAnswer() throws Exception {
        ReadYourWrites testSubject = testSubject(LONG, LONG, 2);
        String first = existingSku();
        String second = existingSku();
        Future<Optional<Long>> waitingOnFirst = inBackground(() -> awaitVersion(testSubject, IdFormat.SKU, first, 1));
        Future<Optional<Long>> waitingOnSecond =
                inBackground(() -> awaitVersion(testSubject, IdFormat.SKU, second, 1));
        await().until(() -> testSubject.waitingReads() == 2);

        assertThatThrownBy(() -> awaitVersion(testSubject, IdFormat.SKU, existingSku(), 1))
                .isInstanceOf(TooManyWaitingReadsException.class);
        assertThat(testSubject.waitingReads()).isEqualTo(2);

        views.put(first, 1L);
        views.put(second, 1L);
        testSubject.committed(MODEL, first);
        testSubject.committed(MODEL, second);
        assertThat(waitingOnFirst.get(10, TimeUnit.SECONDS)).contains(1L);
        assertThat(waitingOnSecond.get(10, TimeUnit.SECONDS)).contains(1L);
        assertThat(testSubject.waitingReads()).isZero();
        assertThat(testSubject.waitedIds()).isZero();
    }

    @Test
    void aCommitWakesEveryoneWaitingOnTheId() throws Exception {
        // no re-read before a minute: only the commit can wake them in time
        ReadYourWrites testSubject = testSubject(LONG, LONG, 8);
        String sku = existingSku();
        List<Future<Optional<Long>>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(inBackground(() -> awaitVersion(testSubject, IdFormat.SKU, sku, 1)));
        }
        await().until(() -> testSubject.waitingReads() == 3);
        assertThat(testSubject.waitedIds()).isEqualTo(1);

        views.put(sku, 1L);
        testSubject.committed(MODEL, sku);

        for (Future<Optional<Long>> read : waiting) {
            assertThat(read.get(10, TimeUnit.SECONDS)).contains(1L);
        }
        assertThat(testSubject.waitedIds()).isZero();
    }

    @Test
    void aWaiterThatLeavesEarlyDoesNotUnregisterTheOthersOnTheSameId() throws Exception {
        ReadYourWrites testSubject = testSubject(LONG, LONG, 8);
        String sku = existingSku();
        ExecutorService leaverPool = Executors.newSingleThreadExecutor();
        pools.add(leaverPool);
        Future<Optional<Long>> leaver = leaverPool.submit(() -> awaitVersion(testSubject, IdFormat.SKU, sku, 1));
        Future<Optional<Long>> stayer = inBackground(() -> awaitVersion(testSubject, IdFormat.SKU, sku, 1));
        await().until(() -> testSubject.waitingReads() == 2);

        leaverPool.shutdownNow(); // interrupts its wait: it gives up and leaves
        await().until(() -> testSubject.waitingReads() == 1);
        assertThat(testSubject.waitedIds()).isEqualTo(1);

        views.put(sku, 1L);
        testSubject.committed(MODEL, sku);
        assertThat(stayer.get(10, TimeUnit.SECONDS)).contains(1L);
        assertThat(leaver).isDone();
        assertThat(testSubject.waitedIds()).isZero();
    }

    @Test
    void thousandsOfConcurrentWaitsNeverHoldMoreThanTheBoundOfThreadsAndLeaveNothingBehind() throws Exception {
        int bound = 8;
        ReadYourWrites testSubject = testSubject(Duration.ofMillis(20), Duration.ofMillis(5), bound);
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            skus.add(existingSku());
        }
        AtomicInteger waitingNow = new AtomicInteger();
        AtomicInteger mostWaiting = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger timedOut = new AtomicInteger();
        AtomicBoolean done = new AtomicBoolean();
        // commits of unrelated writes race with the waiters registering and leaving
        Future<?> committer = inBackground(() -> {
            while (!done.get()) {
                testSubject.committed(MODEL, skus.get(ThreadLocalRandom.current().nextInt(skus.size())));
                Thread.onSpinWait();
            }
            return null;
        });

        int threads = 25;
        ExecutorService clients = Executors.newFixedThreadPool(threads);
        pools.add(clients);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(clients.submit(() -> {
                for (int i = 0; i < 80; i++) {
                    String sku = skus.get(ThreadLocalRandom.current().nextInt(skus.size()));
                    AtomicInteger readsThisCall = new AtomicInteger();
                    try {
                        testSubject.await(MODEL, IdFormat.SKU, sku, 1L, () -> {
                            if (readsThisCall.incrementAndGet() == 2) { // a second read: this thread now waits
                                mostWaiting.accumulateAndGet(waitingNow.incrementAndGet(), Math::max);
                            }
                            return read(sku);
                        }, Long::longValue);
                    } catch (TooManyWaitingReadsException e) {
                        refused.incrementAndGet();
                    } catch (ReadModelBehindException e) {
                        timedOut.incrementAndGet();
                    } finally {
                        if (readsThisCall.get() >= 2) {
                            waitingNow.decrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> client : work) {
            client.get(2, TimeUnit.MINUTES);
        }
        done.set(true);
        committer.get(10, TimeUnit.SECONDS);

        assertThat(refused.get() + timedOut.get()).isEqualTo(threads * 80);
        assertThat(timedOut).as("some waited").hasPositiveValue();
        assertThat(refused).as("some were refused").hasPositiveValue();
        assertThat(mostWaiting.get()).isLessThanOrEqualTo(bound);
        assertThat(testSubject.waitedIds()).isZero();
        assertThat(testSubject.waitingReads()).isZero();
    }

    @Test
    void aBoundBelowOneIsRefusedAtStartUp() {
        assertThatThrownBy(() -> new ReadYourWrites.Properties(LONG, LONG, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-waiting-reads");
    }
}
