package io.annals.choreography.batch;

import io.annals.choreography.batch.BatchAdminController.BatchesStatus;
import io.annals.choreography.batch.BatchAdminController.TypeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.annals.choreography.batch.TestBatchers.settings;
import static io.annals.choreography.batch.TestBatchers.uniqueType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What happens when processing fails, a node dies or is slow, and when a node shuts down. */
@SpringBootTest(classes = BatcherTestApplication.class)
class DurableBatcherFailureTest {

    private static final Duration DELIVERY = Duration.ofSeconds(10);
    private static final Duration CLOCK_TOLERANCE = Duration.ofMillis(5);
    private static final long LATCH_TIMEOUT_SECONDS = 20;

    @Autowired
    private BatchQueue queue;
    @Autowired
    private PlatformTransactionManager transactionManager;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private DurableBatcher springBatcher;

    private TestBatchers batchers;

    @BeforeEach
    void startFresh() {
        batchers = new TestBatchers(queue, transactionManager);
    }

    @AfterEach
    void stopBatchers() {
        batchers.close();
    }

    @Test
    void aFailingBatchIsRetriedWithGrowingBackoffThenParkedAndShownAsParked() {
        String type = uniqueType("parked");
        Duration initialBackoff = Duration.ofMillis(200);
        Duration maxBackoff = Duration.ofMillis(300);
        JdbcDurableBatcher testSubject = batchers.start(settings().retries(3, initialBackoff, maxBackoff));
        RecordingProcessor processor = new RecordingProcessor().failingFirst(Integer.MAX_VALUE);
        testSubject.registerProcessor(type, processor);
        BatchAdminController admin = new BatchAdminController(testSubject, queue);
        batchers.inOneTransaction(() -> {
            testSubject.add(type, "doomed-1", 0, Set.of());
            testSubject.add(type, "doomed-2", 0, Set.of());
        });

        await().atMost(DELIVERY).until(() -> admin.status().parkedByType().getOrDefault(type, 0L) == 2);

        List<RecordingProcessor.Received> attempts = processor.received();
        assertThat(attempts).hasSize(3);
        assertThat(attempts).map(received -> received.batch().items().get(0).attempts()).containsExactly(0, 1, 2);
        assertThat(Duration.between(attempts.get(0).at(), attempts.get(1).at()))
                .isGreaterThanOrEqualTo(initialBackoff.minus(CLOCK_TOLERANCE));
        assertThat(Duration.between(attempts.get(1).at(), attempts.get(2).at()))
                .as("doubled, capped at the maximum").isGreaterThanOrEqualTo(maxBackoff.minus(CLOCK_TOLERANCE));
        BatchesStatus status = admin.status();
        assertThat(status.pendingByType()).containsEntry(type, 0L);
        assertThat(status.byType()).containsEntry(type, new TypeStatus(0, 0, 0, 3));
        assertThat(status.processors()).containsExactly(type);
        assertThat(jdbc.queryForList("SELECT last_error FROM batch_item WHERE type = ?", String.class, type))
                .hasSize(2).allSatisfy(error -> assertThat(error).contains("provider down"));
        assertThat(batchers.registry(testSubject).get("annals.batcher.failures").tag("type", type).counter().count())
                .isEqualTo(3);
    }

    @Test
    void aBatchThatFailsFewerThanMaxAttemptsTimesIsDeliveredWithItsAttemptsCounted() {
        String type = uniqueType("recovers");
        JdbcDurableBatcher testSubject = batchers.start(
                settings().retries(5, Duration.ofMillis(50), Duration.ofMillis(100)));
        RecordingProcessor processor = new RecordingProcessor().failingFirst(2);
        testSubject.registerProcessor(type, processor);

        testSubject.add(type, "eventually", 0, Set.of());

        await().atMost(DELIVERY).until(() -> pending(type) == 0 && processor.received().size() == 3);
        assertThat(processor.batches().get(processor.batches().size() - 1).items()).singleElement()
                .satisfies(item -> assertThat(item.attempts()).isEqualTo(2));
        assertThat(new BatchAdminController(testSubject, queue).status().byType())
                .containsEntry(type, new TypeStatus(1, 1, 1.0, 2));
    }

    @Test
    void aClaimLeftByADeadNodeReturnsAfterTheClaimTimeoutAndIsProcessedOnce() {
        String type = uniqueType("crash");
        Duration claimTimeout = Duration.ofSeconds(1);
        batchers.inOneTransaction(() -> List.of("x", "y", "z").forEach(
                payload -> springBatcher.add(type, payload, 0, Set.of())));
        Batch lost = queue.claim(type, new String[0], settings().build().defaults(), "dead-node").orElseThrow();
        Instant crashed = Instant.now();
        assertThat(lost.items()).hasSize(3);

        JdbcDurableBatcher survivor = batchers.start(settings().claimTimeout(claimTimeout));
        RecordingProcessor processor = new RecordingProcessor();
        survivor.registerProcessor(type, processor);

        await().atMost(DELIVERY).until(() -> pending(type) == 0);
        assertThat(processor.batches()).singleElement().satisfies(batch -> {
            assertThat(batch.items()).map(BatchItem::payload).containsExactly("x", "y", "z");
            assertThat(batch.items()).allSatisfy(item -> assertThat(item.attempts()).isEqualTo(1));
        });
        assertThat(Duration.between(crashed, processor.received().get(0).at()))
                .isGreaterThanOrEqualTo(claimTimeout.minus(CLOCK_TOLERANCE));
    }

    @Test
    void aSlowBatchKeepsItsClaimAndIsNotTakenOverByAnotherNode() throws Exception {
        String type = uniqueType("slow");
        Duration claimTimeout = Duration.ofMillis(400);
        JdbcDurableBatcher slow = batchers.start(settings().claimTimeout(claimTimeout));
        CountDownLatch release = new CountDownLatch(1);
        RecordingProcessor slowRecorder = new RecordingProcessor();
        slow.registerProcessor(type, batch -> {
            slowRecorder.process(batch);
            release.await(LATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        });
        slow.add(type, "slow", 0, Set.of());
        await().atMost(DELIVERY).until(() -> !slowRecorder.received().isEmpty());
        JdbcDurableBatcher other = batchers.start(settings().claimTimeout(claimTimeout));
        RecordingProcessor otherRecorder = new RecordingProcessor();
        other.registerProcessor(type, otherRecorder);

        await("three claim timeouts passed").atMost(DELIVERY).until(() -> jdbc.queryForObject(
                "SELECT now() - enqueued_at > ? * INTERVAL '1 millisecond' FROM batch_item WHERE type = ?",
                Boolean.class, 3 * claimTimeout.toMillis(), type));
        assertThat(jdbc.queryForObject("SELECT claimed_by FROM batch_item WHERE type = ?", String.class, type))
                .isEqualTo(slow.owner());
        release.countDown();

        await().atMost(DELIVERY).until(() -> pending(type) == 0);
        assertThat(otherRecorder.received()).isEmpty();
        assertThat(slowRecorder.received()).hasSize(1);
    }

    @Test
    void stoppingLetsTheInFlightBatchFinishAndLeavesTheRestQueued() throws Exception {
        String type = uniqueType("shutdown");
        JdbcDurableBatcher testSubject = batchers.start(settings().batchSize(1, 2).workerThreads(1));
        CountDownLatch release = new CountDownLatch(1);
        RecordingProcessor processor = new RecordingProcessor();
        testSubject.registerProcessor(type, batch -> {
            processor.process(batch);
            release.await(LATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        });
        batchers.inOneTransaction(() -> List.of("first-1", "first-2", "later-1", "later-2").forEach(
                payload -> testSubject.add(type, payload, 0, Set.of())));
        await().atMost(DELIVERY).until(() -> !processor.received().isEmpty());

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(testSubject::stop);
        await().atMost(DELIVERY).until(() -> !testSubject.isRunning());
        assertThat(stopping).as("waits for the batch in flight").isNotDone();
        release.countDown();
        stopping.get(LATCH_TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThat(processor.payloads()).containsExactly("first-1", "first-2");
        assertThat(jdbc.queryForList("SELECT payload FROM batch_item WHERE type = ? AND state = 'PENDING' ORDER BY id",
                String.class, type)).containsExactly("later-1", "later-2");
    }

    private long pending(String type) {
        return queue.countWaiting(type);
    }
}
