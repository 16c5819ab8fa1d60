package io.annals.app.rebuild;

import io.annals.app.eventstore.CommitSignallingEventSource;
import io.annals.app.processor.ProcessorConfiguration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.MultiEventHandlerInvoker;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.springboot.EventProcessorProperties.ProcessorSettings;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This instance's share of a rebuild: a pooled streaming processor named {@code <projection>@rebuild} with the live
 * projection's own handlers, reading the event store from its start under tokens of its own (shared with the other
 * instances taking part, which claim segments from the same tokens), in transactions that write the next generation
 * ({@link RebuildTransactionManager}). Its tokens start as replay tokens, so handlers see the events as a replay.
 */
final class LocalRebuild {

    private static final long SHUTDOWN_SECONDS = 30;

    final RebuildRow row;
    final List<String> tables;
    private final PooledStreamingEventProcessor processor;
    private final ScheduledExecutorService coordinator;
    private final ScheduledExecutorService workers;
    boolean analyzed;
    int failedSwitches;
    long nextSwitchNanos;
    long loggedAtNanos;
    long loggedPosition;

    private LocalRebuild(RebuildRow row, List<String> tables, PooledStreamingEventProcessor processor,
                         ScheduledExecutorService coordinator, ScheduledExecutorService workers) {
        this.row = row;
        this.tables = tables;
        this.processor = processor;
        this.coordinator = coordinator;
        this.workers = workers;
        this.loggedAtNanos = System.nanoTime();
    }

    static String processorName(String projection) {
        return projection + "@rebuild";
    }

    static LocalRebuild start(RebuildRow row, List<String> tables, EventHandlerInvoker handlers,
                              ProcessorSettings settings, CommitSignallingEventSource events, TokenStore tokenStore,
                              TransactionManager transactions, int batchSize) {
        String name = processorName(row.projection());
        ScheduledExecutorService coordinator = Executors.newSingleThreadScheduledExecutor(threads(name + "-coordinator"));
        ScheduledExecutorService workers = Executors.newScheduledThreadPool(Math.max(1, settings.getThreadCount()),
                threads(name + "-worker"));
        Integer segments = settings.getInitialSegmentCount();
        // the stream is paced by the rebuild's own progress, as the live processors' streams are by theirs
        AtomicReference<PooledStreamingEventProcessor> self = new AtomicReference<>();
        StreamableMessageSource<TrackedEventMessage<?>> paced = events.throttledBy(() -> self.get() == null
                ? OptionalLong.empty() : ProcessorConfiguration.processedUpTo(self.get().processingStatus()));
        PooledStreamingEventProcessor processor = PooledStreamingEventProcessor.builder()
                .name(name)
                .eventHandlerInvoker(withoutDeadLetters(handlers))
                .messageSource(paced)
                .tokenStore(tokenStore)
                .transactionManager(transactions)
                .coordinatorExecutor(coordinator)
                .workerExecutor(workers)
                .initialSegmentCount(segments == null ? 1 : segments)
                .initialToken(source -> ReplayToken.createReplayToken(source.createHeadToken(), source.createTailToken()))
                .batchSize(Math.max(batchSize, settings.getBatchSize()))
                .build();
        self.set(processor);
        processor.start();
        return new LocalRebuild(row, tables, processor, coordinator, workers);
    }

    /**
     * The live handlers without the live group's dead-letter queue: a rebuild must neither park its events in the live
     * queue (as duplicates of the live letters, or behind them) nor skip one. A failing event fails the rebuild's
     * batch, which its processor retries with backoff; the rebuild does not switch until it has handled every event.
     */
    static EventHandlerInvoker withoutDeadLetters(EventHandlerInvoker live) {
        if (live instanceof MultiEventHandlerInvoker multi) {
            return new MultiEventHandlerInvoker(multi.delegates().stream().map(LocalRebuild::withoutDeadLetters)
                    .toList());
        }
        if (live instanceof SimpleEventHandlerInvoker simple) {
            return SimpleEventHandlerInvoker.builder()
                    .eventHandlers(simple.eventHandlers())
                    .sequencingPolicy(simple.getSequencingPolicy())
                    .listenerInvocationErrorHandler(PropagatingErrorHandler.instance())
                    .build();
        }
        return live;
    }

    void stop() {
        try {
            processor.shutdownAsync().get(SHUTDOWN_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // the fence keeps a processor that did not stop in time from writing; its threads go with the executors
        } finally {
            coordinator.shutdownNow();
            workers.shutdownNow();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.getAndIncrement());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A rebuild as {@code projection_rebuild} records it. */
    record RebuildRow(String projection, long generation, long targetPosition) {
    }
}
