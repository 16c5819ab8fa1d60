package io.annals.app.rebuild;

import io.annals.app.eventstore.CommitSignallingEventSource;
import io.annals.app.processor.StoredTokens;
import io.annals.app.rebuild.LocalRebuild.RebuildRow;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.pooled.PooledStreamingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.EventProcessorProperties.ProcessorSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This instance's part in the rebuilds asked on any instance: every {@code poll-interval} it reads
 * {@code projection_rebuild}, runs a {@link LocalRebuild} for each rebuild of a projection this instance runs, stops
 * those that ended, logs their progress, and switches a rebuild that has caught up ({@link GenerationSwitch}). One
 * thread of its own does all of it, so the rebuilds of an instance never race each other.
 */
@Component
class RebuildRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RebuildRunner.class);
    private static final String ROWS = "SELECT projection, generation, target_position FROM projection_rebuild";

    private final JdbcTemplate jdbc;
    private final EventProcessingConfiguration processing;
    private final EventProcessorProperties processorProperties;
    private final CommitSignallingEventSource committedEvents;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final StoredTokens tokens;
    private final ReadModels readModels;
    private final ShadowTables shadowTables;
    private final GenerationSwitch generationSwitch;
    private final RebuildProperties properties;
    private final Map<String, LocalRebuild> running = new HashMap<>();
    private ScheduledExecutorService scheduler;

    RebuildRunner(JdbcTemplate jdbc, EventProcessingConfiguration processing,
                  EventProcessorProperties processorProperties, CommitSignallingEventSource committedEvents,
                  TokenStore tokenStore,
                  TransactionManager transactionManager, StoredTokens tokens, ReadModels readModels,
                  ShadowTables shadowTables, GenerationSwitch generationSwitch, RebuildProperties properties) {
        this.jdbc = jdbc;
        this.processing = processing;
        this.processorProperties = processorProperties;
        this.committedEvents = committedEvents;
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
        this.tokens = tokens;
        this.readModels = readModels;
        this.shadowTables = shadowTables;
        this.generationSwitch = generationSwitch;
        this.properties = properties;
    }

    /** Looks at the rebuilds now rather than at the next poll (a rebuild was just asked for on this instance). */
    void wake() {
        ScheduledExecutorService current = scheduler;
        if (current != null) {
            current.execute(this::poll);
        }
    }

    private void poll() {
        try {
            Map<String, RebuildRow> wanted = new HashMap<>();
            jdbc.query(ROWS, row -> {
                wanted.put(row.getString(1), new RebuildRow(row.getString(1), row.getLong(2), row.getLong(3)));
            });
            for (Iterator<LocalRebuild> it = running.values().iterator(); it.hasNext(); ) {
                LocalRebuild rebuild = it.next();
                if (!rebuild.row.equals(wanted.get(rebuild.row.projection()))) {
                    rebuild.stop();
                    it.remove();
                }
            }
            wanted.values().forEach(this::joinIfRunHere);
            for (Iterator<LocalRebuild> it = running.values().iterator(); it.hasNext(); ) {
                LocalRebuild rebuild = it.next();
                logProgress(rebuild);
                if (switchIfCaughtUp(rebuild)) {
                    rebuild.stop();
                    it.remove();
                }
            }
        } catch (RuntimeException e) {
            log.warn("Looking after the projections' rebuilds failed; trying again at the next poll", e);
        }
    }

    private void joinIfRunHere(RebuildRow row) {
        if (running.containsKey(row.projection())) {
            return;
        }
        Optional<PooledStreamingEventProcessor> live = liveProcessor(row.projection());
        Optional<List<String>> tables = readModels.tablesOf(row.projection());
        if (live.isEmpty() || tables.isEmpty()) {
            return; // another instance's projection
        }
        ProcessorSettings settings = processorProperties.getProcessors()
                .getOrDefault(row.projection(), new ProcessorSettings());
        running.put(row.projection(), LocalRebuild.start(row, tables.get(), live.get().eventHandlerInvoker(),
                settings, committedEvents, tokenStore, new RebuildTransactionManager(transactionManager, jdbc,
                        row.projection(), row.generation()), properties.batchSize()));
        log.info("Rebuilding {} (generation {}) up to position {} and on, beside the live read model",
                row.projection(), row.generation(), row.targetPosition());
    }

    private boolean switchIfCaughtUp(LocalRebuild rebuild) {
        String projection = rebuild.row.projection();
        long live = position(StoredTokens.upperBound(tokens.of(projection).values()));
        long rebuilt = StoredTokens.slowestPosition(tokens.of(LocalRebuild.processorName(projection)).values());
        if (rebuilt < 0 || rebuilt < live - properties.switchWithin() || System.nanoTime() < rebuild.nextSwitchNanos) {
            return false;
        }
        if (!rebuild.analyzed) {
            shadowTables.analyze(projection, rebuild.tables);
            rebuild.analyzed = true;
        }
        PooledStreamingEventProcessor liveProcessor = liveProcessor(projection).orElseThrow();
        boolean wasRunning = liveProcessor.isRunning();
        // no batch of this instance may hold a token from before the switch (GenerationSwitch)
        liveProcessor.shutDown();
        try {
            boolean switched = generationSwitch.trySwitch(rebuild.row, rebuild.tables);
            if (switched) {
                log.info("Rebuild of {} (generation {}) switched in: the new read model serves from now on",
                        projection, rebuild.row.generation());
            } else {
                // each attempt holds the live processing for up to switch-wait: back off, up to a minute apart
                rebuild.failedSwitches++;
                long backoff = Math.min(60_000, properties.pollInterval().toMillis() << Math.min(6,
                        rebuild.failedSwitches));
                rebuild.nextSwitchNanos = System.nanoTime() + backoff * 1_000_000;
            }
            return switched;
        } finally {
            if (wasRunning) {
                liveProcessor.start();
            }
        }
    }

    private void logProgress(LocalRebuild rebuild) {
        long now = System.nanoTime();
        double seconds = (now - rebuild.loggedAtNanos) / 1e9;
        if (seconds * 1000 < properties.progressLogInterval().toMillis()) {
            return;
        }
        String processor = LocalRebuild.processorName(rebuild.row.projection());
        long position = StoredTokens.slowestPosition(tokens.of(processor).values());
        long target = rebuild.row.targetPosition();
        log.info(String.format(Locale.ROOT, "Rebuild of %s: position %d of %d (%.1f %%), %.0f events/s",
                rebuild.row.projection(), Math.max(0, position), target,
                target <= 0 ? 100.0 : Math.min(100.0, 100.0 * Math.max(0, position) / target),
                Math.max(0, position - rebuild.loggedPosition) / seconds));
        rebuild.loggedAtNanos = now;
        rebuild.loggedPosition = Math.max(0, position);
    }

    private Optional<PooledStreamingEventProcessor> liveProcessor(String projection) {
        return processing.eventProcessor(projection, PooledStreamingEventProcessor.class);
    }

    private static long position(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    @Override
    public synchronized void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "projection-rebuilds");
            thread.setDaemon(true);
            return thread;
        });
        long interval = properties.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Stops this instance's share of the rebuilds; they go on on other instances, or here after a restart. */
    @Override
    public synchronized void stop() {
        ScheduledExecutorService current = scheduler;
        scheduler = null;
        if (current == null) {
            return;
        }
        current.execute(() -> {
            running.values().forEach(LocalRebuild::stop);
            running.clear();
        });
        current.shutdown();
        try {
            current.awaitTermination(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** Starts after Axon's processors and stops before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1000;
    }
}
