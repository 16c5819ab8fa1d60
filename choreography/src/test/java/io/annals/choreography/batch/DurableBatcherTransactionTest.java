package io.annals.choreography.batch;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.Set;

import static io.annals.choreography.batch.TestBatchers.uniqueType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/** The batcher bean of the Spring context: {@code add} is part of the caller's transaction. */
@SpringBootTest(classes = BatcherTestApplication.class)
class DurableBatcherTransactionTest {

    @Autowired
    private DurableBatcher testSubject;
    @Autowired
    private BatchQueue queue;
    @Autowired
    private PlatformTransactionManager transactionManager;

    @Test
    void anItemAddedInARolledBackTransactionIsNeverEnqueued() {
        String type = uniqueType("rollback");
        RecordingProcessor processor = new RecordingProcessor();
        testSubject.registerProcessor(type, processor);
        TransactionTemplate transaction = new TransactionTemplate(transactionManager);

        transaction.executeWithoutResult(status -> {
            testSubject.add(type, "rolled-back", 0, Set.of());
            status.setRollbackOnly();
        });
        transaction.executeWithoutResult(status -> testSubject.add(type, "committed", 0, Set.of()));
        testSubject.add(type, "on-its-own", 0, Set.of());

        await().atMost(Duration.ofSeconds(10)).until(() -> queue.countWaiting(type) == 0);
        assertThat(processor.payloads()).containsExactlyInAnyOrder("committed", "on-its-own");
    }

    @Test
    void aTypeHasOneProcessor() {
        String type = uniqueType("one-processor");
        testSubject.registerProcessor(type, batch -> { });

        assertThatIllegalStateException()
                .isThrownBy(() -> testSubject.registerProcessor(type, batch -> { }));
    }
}
