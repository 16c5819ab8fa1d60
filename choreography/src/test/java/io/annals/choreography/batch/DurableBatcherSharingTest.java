package io.annals.choreography.batch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static io.annals.choreography.batch.TestBatchers.settings;
import static io.annals.choreography.batch.TestBatchers.uniqueType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Several nodes on one database: each item is processed by exactly one of them. */
@SpringBootTest(classes = BatcherTestApplication.class)
class DurableBatcherSharingTest {

    private static final int ITEMS = 200;
    private static final int TRANSACTIONS = 4;

    @Autowired
    private BatchQueue queue;
    @Autowired
    private PlatformTransactionManager transactionManager;

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
    void twoNodesShareTheItemsWithNoDuplicatesAndNothingLost() {
        String type = uniqueType("shared");
        // one worker on the first node, held on its first batch until the second node delivered one: both must work
        JdbcDurableBatcher first = batchers.start(settings().batchSize(1, 5).workerThreads(1));
        JdbcDurableBatcher second = batchers.start(settings().batchSize(1, 5));
        CountDownLatch secondDelivered = new CountDownLatch(1);
        RecordingProcessor firstRecorder = new RecordingProcessor();
        RecordingProcessor secondRecorder = new RecordingProcessor();
        first.registerProcessor(type, batch -> {
            firstRecorder.process(batch);
            secondDelivered.await(10, TimeUnit.SECONDS);
        });
        second.registerProcessor(type, batch -> {
            secondRecorder.process(batch);
            secondDelivered.countDown();
        });

        IntStream.range(0, TRANSACTIONS).forEach(transaction -> batchers.inOneTransaction(() ->
                IntStream.range(0, ITEMS / TRANSACTIONS).forEach(n -> first.add(type,
                        "item-" + transaction + "-" + n, 0, Set.of()))));

        await().atMost(Duration.ofSeconds(30))
                .until(() -> queue.countWaiting(type) == 0);
        List<String> processed = new ArrayList<>(firstRecorder.payloads());
        processed.addAll(secondRecorder.payloads());
        assertThat(processed).hasSize(ITEMS).doesNotHaveDuplicates();
        assertThat(firstRecorder.payloads()).isNotEmpty();
        assertThat(secondRecorder.payloads()).isNotEmpty();
    }
}
