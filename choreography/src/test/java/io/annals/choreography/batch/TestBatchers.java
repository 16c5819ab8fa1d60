package io.annals.choreography.batch;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Batcher instances with settings of a test's choosing, on the test context's database, each one a "node"; all are
 * stopped after the test. Every instance has its own meter registry, so its meters count its own work.
 */
final class TestBatchers implements AutoCloseable {

    private final BatchQueue queue;
    private final PlatformTransactionManager transactionManager;
    private final List<JdbcDurableBatcher> started = new ArrayList<>();
    private final Map<JdbcDurableBatcher, SimpleMeterRegistry> registries = new HashMap<>();

    TestBatchers(BatchQueue queue, PlatformTransactionManager transactionManager) {
        this.queue = queue;
        this.transactionManager = transactionManager;
    }

    static String uniqueType(String label) {
        return label + "-" + UUID.randomUUID();
    }

    static Settings settings() {
        return new Settings();
    }

    JdbcDurableBatcher start(Settings settings) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        JdbcDurableBatcher batcher = new JdbcDurableBatcher(queue, settings.build(), new BatcherMetrics(registry),
                transactionManager);
        started.add(batcher);
        registries.put(batcher, registry);
        batcher.start();
        return batcher;
    }

    SimpleMeterRegistry registry(JdbcDurableBatcher batcher) {
        return registries.get(batcher);
    }

    /** Runs {@code work} in one transaction, so every item it adds becomes visible at the same moment. */
    void inOneTransaction(Runnable work) {
        new TransactionTemplate(transactionManager).executeWithoutResult(status -> work.run());
    }

    @Override
    public void close() {
        started.forEach(JdbcDurableBatcher::stop);
    }

    /** Test defaults: flush at once (min 1), poll often, long claims, quick retries. */
    static final class Settings {
        int maxBatchSize = 100;
        int minBatchSize = 1;
        Duration maxWait = Duration.ofMillis(200);
        Duration pollInterval = Duration.ofMillis(20);
        Duration claimTimeout = Duration.ofSeconds(60);
        int maxAttempts = 5;
        Duration retryInitialBackoff = Duration.ofMillis(100);
        Duration retryMaxBackoff = Duration.ofSeconds(1);
        int workerThreads = 2;

        Settings batchSize(int min, int max) {
            minBatchSize = min;
            maxBatchSize = max;
            return this;
        }

        Settings maxWait(Duration value) {
            maxWait = value;
            return this;
        }

        Settings pollInterval(Duration value) {
            pollInterval = value;
            return this;
        }

        Settings claimTimeout(Duration value) {
            claimTimeout = value;
            return this;
        }

        Settings retries(int attempts, Duration initialBackoff, Duration maxBackoff) {
            maxAttempts = attempts;
            retryInitialBackoff = initialBackoff;
            retryMaxBackoff = maxBackoff;
            return this;
        }

        Settings workerThreads(int value) {
            workerThreads = value;
            return this;
        }

        BatcherProperties build() {
            return new BatcherProperties(maxBatchSize, minBatchSize, maxWait, pollInterval, claimTimeout,
                    maxAttempts, retryInitialBackoff, retryMaxBackoff, workerThreads, Duration.ofSeconds(10),
                    Map.of());
        }
    }
}
