package io.annals.app.feed;

import io.annals.app.eventjson.EventJson;
import io.annals.app.eventstore.CommitSignallingEventSource;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

import java.util.Collections;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * The open streams of this instance, at most {@code annals.stream.max-clients}; each has a reader and a writer
 * thread of its own (so no request thread and no shared pool waits for a client), released when its stream ends.
 *
 * <p>A lifecycle that stops before the web server's graceful shutdown: open streams never end by themselves, so
 * they would hold the whole graceful phase; they end at once instead, and their clients reconnect elsewhere with
 * their last id.
 */
@Component
@InstanceRole(Role.QUERY)
class FeedClients implements SmartLifecycle, DisposableBean {

    private final CommitSignallingEventSource events;
    private final EventJson messages;
    private final StreamProperties properties;
    private final Semaphore slots;
    private final Set<FeedClient> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads;
    private final AtomicLong overflows = new AtomicLong();
    private volatile boolean running;

    FeedClients(CommitSignallingEventSource events, JsonMapper json, StreamProperties properties,
                MeterRegistry registry) {
        this.events = events;
        this.messages = new EventJson(json);
        this.properties = properties;
        this.slots = new Semaphore(properties.maxClients());
        Gauge.builder("annals.stream.clients", this, FeedClients::openStreams)
                .description("live-feed streams open on this instance").register(registry);
        FunctionCounter.builder("annals.stream.overflows", overflows, AtomicLong::get)
                .description("live-feed clients disconnected for reading too slowly").register(registry);
        AtomicInteger threadCount = new AtomicInteger();
        // unbounded in name only: two threads per slot, and the slots are bounded
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "live-feed-" + threadCount.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Opens a stream of the events after {@code after} (empty: after the head, only new events) that pass
     * {@code filter}.
     *
     * @throws TooManyStreamsException when {@code max-clients} streams are open or the service is stopping
     */
    SseEmitter open(FeedFilter filter, OptionalLong after) {
        if (!running || !slots.tryAcquire()) {
            throw new TooManyStreamsException(running
                    ? "All " + properties.maxClients() + " live feed streams of this instance are open."
                    : "The service is stopping.");
        }
        try {
            TrackingToken start = after.isPresent()
                    ? GapAwareTrackingToken.newInstance(after.getAsLong(), Collections.emptySortedSet())
                    : events.createHeadToken();
            long startPosition = start == null ? 0 : start.position().orElse(0);
            BlockingStream<TrackedEventMessage<?>> stream = events.openStream(start);
            // no timeout: a stream lasts as long as its client reads it
            SseEmitter emitter = new SseEmitter(0L);
            FeedClient client = new FeedClient(emitter, stream, startPosition, filter, messages, properties,
                    overflows::incrementAndGet);
            open.add(client);
            emitter.onCompletion(client::end);
            emitter.onTimeout(client::end);
            emitter.onError(failure -> client.end());
            threads.execute(client::read);
            threads.execute(() -> {
                try {
                    client.write();
                } finally {
                    open.remove(client);
                    slots.release();
                }
            });
            return emitter;
        } catch (RuntimeException | Error failure) {
            slots.release();
            throw failure;
        }
    }

    /** Streams open now. */
    int openStreams() {
        return properties.maxClients() - slots.availablePermits();
    }

    /** The highest position each open stream has read from the event store. */
    LongStream readPositions() {
        return open.stream().mapToLong(FeedClient::readUpTo);
    }

    /** Clients dropped for being too slow since the start. */
    long overflows() {
        return overflows.get();
    }

    /** Seconds a refused client should wait. */
    long retryAfterSeconds() {
        return properties.retryAfter().toSeconds();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        open.forEach(FeedClient::end);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        threads.shutdownNow();
    }
}
