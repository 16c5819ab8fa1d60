package io.annals.choreography.batch;

import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link DurableBatcher} on PostgreSQL, with its workers; a worker's pass over one batch is {@link BatchDelivery}.
 *
 * <p>Written here because no library on our stack does it: db-scheduler and Axon's deadline managers run single
 * tasks, Spring Batch processes jobs over given inputs, and message brokers are not part of Annals. What is needed is
 * a transactional outbox that groups items by type and tag set, flushes by size or age, orders by priority, and
 * shares the work across nodes with {@code FOR UPDATE SKIP LOCKED}; the SQL is in {@link BatchQueue}.
 *
 * <p>Threads: one scheduler thread wakes the workers every {@code poll-interval} and keeps this node's in-flight
 * claims fresh (and returns dead nodes' claims) every quarter of the shortest {@code claim-timeout}; up to
 * {@code worker-threads} workers claim and process batches until none is due. A transaction that added items wakes
 * the workers right after it commits, so a full batch does not wait for the next poll. Delivery is at least once:
 * a batch whose node died before deleting it is processed again.
 */
class JdbcDurableBatcher implements DurableBatcher, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JdbcDurableBatcher.class);
    /** Claims are refreshed this many times per claim timeout, so one late refresh does not lose them. */
    private static final int REFRESHES_PER_CLAIM_TIMEOUT = 4;

    private final BatchQueue queue;
    private final BatcherProperties properties;
    private final BatcherMetrics metrics;
    private final TransactionTemplate callersTransaction;
    private final String owner;
    private final BatchDelivery delivery;
    private final Map<String, BatchProcessor> processors = new ConcurrentHashMap<>();
    private final AtomicInteger activeWorkers = new AtomicInteger();
    private final AtomicBoolean wakeRequested = new AtomicBoolean();
    private final Object lifecycleLock = new Object();

    private final BatchTracing tracing;

    private volatile boolean running;
    private ScheduledExecutorService scheduler;
    private ExecutorService workers;

    JdbcDurableBatcher(BatchQueue queue, BatcherProperties properties, BatcherMetrics metrics,
                       PlatformTransactionManager transactionManager) {
        this(queue, properties, metrics, transactionManager, ObservationRegistry.NOOP, BatchTracing.NONE);
    }

    JdbcDurableBatcher(BatchQueue queue, BatcherProperties properties, BatcherMetrics metrics,
                       PlatformTransactionManager transactionManager, ObservationRegistry observations,
                       BatchTracing tracing) {
        this.queue = queue;
        this.properties = properties;
        this.metrics = metrics;
        this.callersTransaction = new TransactionTemplate(transactionManager);
        callersTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
        // unique per batcher object, so two instances in one JVM (or a restarted node) never share claims
        this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.tracing = tracing;
        this.delivery = new BatchDelivery(queue, properties, metrics, owner, observations, tracing);
    }

    @Override
    public long add(String type, String payload, int priority, Set<String> tags) {
        requireType(type);
        Objects.requireNonNull(payload, "payload");
        // sorted and distinct: the same set always makes the same group
        String[] tagGroup = new TreeSet<>(Objects.requireNonNull(tags, "tags")).toArray(String[]::new);
        Long id = callersTransaction.execute(status -> {
            long inserted = queue.insert(type, payload, priority, tagGroup, tracing.current());
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wake();
                }
            });
            return inserted;
        });
        return Objects.requireNonNull(id);
    }

    @Override
    public void registerProcessor(String type, BatchProcessor processor) {
        requireType(type);
        Objects.requireNonNull(processor, "processor");
        if (processors.putIfAbsent(type, processor) != null) {
            throw new IllegalStateException("batch type " + type + " already has a processor");
        }
        metrics.register(type, queue::countWaiting);
        log.info("batch type {} registered: {}", type, properties.forType(type));
        wake();
    }

    /** The types with a processor on this node. */
    Set<String> processorTypes() {
        return Set.copyOf(processors.keySet());
    }

    /** Which node holds a claim, as written to {@code batch_item.claimed_by}. */
    String owner() {
        return owner;
    }

    @Override
    public void start() {
        synchronized (lifecycleLock) {
            if (running) {
                return;
            }
            scheduler = Executors.newSingleThreadScheduledExecutor(daemonThreads("batcher-scheduler"));
            workers = Executors.newFixedThreadPool(properties.workerThreads(), daemonThreads("batcher-worker"));
            running = true;
            long poll = properties.pollInterval().toMillis();
            long maintenance = Math.max(poll,
                    properties.shortestClaimTimeout().toMillis() / REFRESHES_PER_CLAIM_TIMEOUT);
            scheduler.scheduleWithFixedDelay(this::wake, 0, poll, TimeUnit.MILLISECONDS);
            scheduler.scheduleWithFixedDelay(this::maintainClaims, maintenance, maintenance, TimeUnit.MILLISECONDS);
            log.info("durable batcher {} started", owner);
        }
    }

    /** No new claims; in-flight batches finish (within {@code shutdown-timeout}), what waits stays for other nodes. */
    @Override
    public void stop() {
        synchronized (lifecycleLock) {
            if (!running) {
                return;
            }
            running = false;
            workers.shutdown();
            try {
                Duration timeout = properties.shutdownTimeout();
                if (!workers.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    log.warn("batches still in flight after {}: their claims return to the queue after the "
                            + "claim timeout", timeout);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                // the scheduler outlives the workers so in-flight claims stay fresh until they end
                scheduler.shutdownNow();
            }
            log.info("durable batcher {} stopped", owner);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts a worker unless all are busy; a busy worker sees the request before it goes idle. */
    void wake() {
        if (!running) {
            return;
        }
        wakeRequested.set(true);
        int current;
        do {
            current = activeWorkers.get();
            if (current >= properties.workerThreads()) {
                return;
            }
        } while (!activeWorkers.compareAndSet(current, current + 1));
        try {
            workers.execute(this::work);
        } catch (RejectedExecutionException stopping) {
            activeWorkers.decrementAndGet();
        }
    }

    /** Processes due batches, one per type in turn, until none is due and no wake came in meanwhile. */
    private void work() {
        try {
            while (running && wakeRequested.getAndSet(false)) {
                boolean processedAny;
                do {
                    processedAny = false;
                    for (String type : List.copyOf(processors.keySet())) {
                        if (!running) {
                            return;
                        }
                        processedAny |= delivery.deliverNext(type, processors.get(type));
                    }
                } while (processedAny);
            }
        } catch (RuntimeException e) {
            // typically the database is unreachable; the next poll tries again
            log.warn("batcher pass failed: {}", e.toString());
        } finally {
            activeWorkers.decrementAndGet();
        }
        if (wakeRequested.get()) {
            wake();
        }
    }

    private void maintainClaims() {
        try {
            delivery.refreshClaimsInFlight();
            if (!running) {
                return;
            }
            delivery.returnExpiredClaims(processors.keySet(), this::wake);
        } catch (RuntimeException e) {
            log.warn("refreshing batch claims failed: {}", e.toString());
        }
    }

    private static void requireType(String type) {
        if (type == null || type.isBlank() || type.length() > BatchQueue.TYPE_MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "a batch type is 1 to " + BatchQueue.TYPE_MAX_LENGTH + " characters, not blank: " + type);
        }
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger number = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
