package io.annals.choreography.batch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.annals.choreography.batch.TestBatchers.settings;
import static io.annals.choreography.batch.TestBatchers.uniqueType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** When a batch is formed and what goes into it: size and time rules, the size limit, priority, tag groups. */
@SpringBootTest(classes = BatcherTestApplication.class)
class DurableBatcherFlushRulesTest {

    private static final Duration DELIVERY = Duration.ofSeconds(10);
    /** JVM and PostgreSQL read the same clock, up to rounding to microseconds. */
    private static final Duration CLOCK_TOLERANCE = Duration.ofMillis(5);

    @Autowired
    private BatchQueue queue;
    @Autowired
    private PlatformTransactionManager transactionManager;

    private TestBatchers batchers;
    private final RecordingProcessor processor = new RecordingProcessor();

    @BeforeEach
    void startFresh() {
        batchers = new TestBatchers(queue, transactionManager);
    }

    @AfterEach
    void stopBatchers() {
        batchers.close();
    }

    @Test
    void aBatchIsFormedAsSoonAsMinBatchSizeItemsArePending() {
        String type = uniqueType("size-rule");
        JdbcDurableBatcher testSubject = batchers.start(settings().batchSize(5, 100).maxWait(Duration.ofHours(1)));
        testSubject.registerProcessor(type, processor);
        IntStream.rangeClosed(1, 4).forEach(n -> testSubject.add(type, "item-" + n, 0, Set.of()));

        await("four items are not a batch yet").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> processor.received().isEmpty());
        testSubject.add(type, "item-5", 0, Set.of());

        await().atMost(DELIVERY).until(() -> !processor.received().isEmpty());
        assertThat(processor.batches()).singleElement()
                .satisfies(batch -> assertThat(batch.items()).hasSize(5));
    }

    @Test
    void fewerThanMinBatchSizeItemsAreFlushedOnceTheOldestWaitedMaxWait() {
        String type = uniqueType("time-rule");
        Duration maxWait = Duration.ofMillis(500);
        JdbcDurableBatcher testSubject = batchers.start(settings().batchSize(10, 100).maxWait(maxWait));
        testSubject.registerProcessor(type, processor);
        Instant added = Instant.now();
        batchers.inOneTransaction(() -> IntStream.rangeClosed(1, 3)
                .forEach(n -> testSubject.add(type, "item-" + n, 0, Set.of())));

        await().atMost(DELIVERY).until(() -> !processor.received().isEmpty());

        RecordingProcessor.Received received = processor.received().get(0);
        assertThat(received.batch().items()).hasSize(3);
        assertThat(Duration.between(added, received.at())).isGreaterThanOrEqualTo(maxWait.minus(CLOCK_TOLERANCE));
        Instant oldest = received.batch().items().stream().map(BatchItem::enqueuedAt).min(Instant::compareTo)
                .orElseThrow();
        assertThat(Duration.between(oldest, received.at())).isGreaterThanOrEqualTo(maxWait.minus(CLOCK_TOLERANCE));
    }

    @Test
    void moreThanMaxBatchSizeItemsAreSplitIntoSeveralBatchesAndCounted() {
        String type = uniqueType("split");
        JdbcDurableBatcher testSubject = batchers.start(settings().batchSize(1, 4));
        testSubject.registerProcessor(type, processor);
        batchers.inOneTransaction(() -> IntStream.rangeClosed(1, 10)
                .forEach(n -> testSubject.add(type, "item-" + n, 0, Set.of())));

        await().atMost(DELIVERY).until(() -> processor.payloads().size() >= 10);

        assertThat(processor.batches()).hasSize(3)
                .allSatisfy(batch -> assertThat(batch.items()).hasSizeLessThanOrEqualTo(4));
        assertThat(processor.payloads()).hasSize(10).doesNotHaveDuplicates();
        SimpleMeterRegistry registry = batchers.registry(testSubject);
        await().atMost(DELIVERY).untilAsserted(() -> {
            assertThat(registry.get("annals.batcher.batches").tag("type", type).counter().count()).isEqualTo(3);
            assertThat(registry.get("annals.batcher.events").tag("type", type).counter().count()).isEqualTo(10);
            assertThat(registry.get("annals.batcher.batch.size").tag("type", type).summary().totalAmount())
                    .isEqualTo(10);
            assertThat(registry.get("annals.batcher.pending").tag("type", type).gauge().value()).isZero();
        });
        assertThat(registry.get("annals.batcher.failures").tag("type", type).counter().count()).isZero();
    }

    @Test
    void theHighestPriorityGoesFirstThenTheOldest() {
        String type = uniqueType("priority");
        JdbcDurableBatcher testSubject = batchers.start(settings().batchSize(1, 3).workerThreads(1));
        testSubject.registerProcessor(type, processor);
        Map<String, Integer> priorities = new LinkedHashMap<>();
        List.of("low-1:0", "high-1:9", "mid-1:5", "low-2:0", "high-2:9", "mid-2:5", "top:10", "low-3:0", "mid-3:5")
                .forEach(entry -> priorities.put(entry.split(":")[0], Integer.parseInt(entry.split(":")[1])));
        batchers.inOneTransaction(() -> priorities.forEach((payload, priority) ->
                testSubject.add(type, payload, priority, Set.of())));

        await().atMost(DELIVERY).until(() -> processor.payloads().size() >= 9);

        assertThat(processor.batches()).map(batch -> batch.items().stream().map(BatchItem::payload).toList())
                .containsExactly(
                        List.of("top", "high-1", "high-2"),
                        List.of("mid-1", "mid-2", "mid-3"),
                        List.of("low-1", "low-2", "low-3"));
    }

    @Test
    void itemsWithTheSameTagSetFormBatchesOfTheirOwn() {
        String type = uniqueType("tags");
        JdbcDurableBatcher testSubject = batchers.start(settings().batchSize(1, 100));
        testSubject.registerProcessor(type, processor);
        batchers.inOneTransaction(() -> {
            testSubject.add(type, "a-1", 0, Set.of("a"));
            testSubject.add(type, "ab-1", 0, Set.of("a", "b"));
            testSubject.add(type, "none-1", 0, Set.of());
            testSubject.add(type, "ab-2", 0, Set.of("b", "a"));
            testSubject.add(type, "a-2", 0, Set.of("a"));
            testSubject.add(type, "none-2", 0, Set.of());
        });

        await().atMost(DELIVERY).until(() -> processor.payloads().size() >= 6);

        Map<Set<String>, List<String>> byTags = processor.batches().stream().collect(Collectors.toMap(Batch::tags,
                batch -> batch.items().stream().map(BatchItem::payload).toList()));
        assertThat(processor.batches()).hasSize(3);
        assertThat(byTags).containsOnly(
                Map.entry(Set.of("a"), List.of("a-1", "a-2")),
                Map.entry(Set.of("a", "b"), List.of("ab-1", "ab-2")),
                Map.entry(Set.of(), List.of("none-1", "none-2")));
        processor.batches().forEach(batch -> assertThat(batch.items()).allSatisfy(
                item -> assertThat(item.tags()).isEqualTo(batch.tags())));
    }

    @Test
    void aCommitWakesTheWorkersWithoutWaitingForThePoll() {
        String type = uniqueType("wake");
        JdbcDurableBatcher testSubject = batchers.start(settings().pollInterval(Duration.ofHours(1)));
        testSubject.registerProcessor(type, processor);

        testSubject.add(type, "first", 0, Set.of());
        await("the first item, maybe taken by the poll at start").atMost(DELIVERY)
                .until(() -> processor.payloads().contains("first"));

        testSubject.add(type, "woken", 0, Set.of());

        await("the next poll is an hour away").atMost(DELIVERY)
                .until(() -> processor.payloads().contains("woken"));
    }
}
