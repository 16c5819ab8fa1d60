package io.annals.app.feed;

import io.annals.app.eventjson.EventJson;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static java.util.concurrent.TimeUnit.MILLISECONDS;

/**
 * One open stream: a reader that tails the event store for this client and a writer that sends to it, with a
 * bounded buffer between them.
 *
 * <p>Neither waits for anything shared: the reader has a stream of its own ({@link
 * io.annals.app.eventstore.CommitSignallingEventSource} wakes it after every commit) and never waits for the writer.
 * When the buffer is full the client is too slow: the buffered events are dropped, the writer sends
 * {@code event: overflow} with the last id it sent and ends the response, and the client may resume from there.
 * Only the writer blocks on the client's socket, and it is this client's own thread.
 */
final class FeedClient {

    private static final Logger log = LoggerFactory.getLogger(FeedClient.class);
    private static final MediaType JSON_TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);
    /** Wakes the writer: the stream ended or the client overflowed (the reason is in the flags). */
    private static final FeedMessage WAKE_UP = new FeedMessage(null, "wake-up", "");
    /** How long the reader waits for events at most before it checks whether it should still read. */
    private static final long MAX_READ_WAIT_MILLIS = 1_000;

    private final SseEmitter emitter;
    private final BlockingStream<TrackedEventMessage<?>> stream;
    private final FeedFilter filter;
    private final EventJson messages;
    private final PositionOrder order;
    private final BlockingQueue<FeedMessage> buffer;
    private final long keepAliveNanos;
    private final Runnable onOverflow;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean overflowed;
    private volatile Thread readerThread;
    /** The id of the last event sent: where the client resumes. */
    private volatile long lastSentId;
    /** The highest position read from the event store for this client. */
    private volatile long readUpTo;

    FeedClient(SseEmitter emitter, BlockingStream<TrackedEventMessage<?>> stream, long after, FeedFilter filter,
               EventJson messages, StreamProperties properties, Runnable onOverflow) {
        this.emitter = emitter;
        this.stream = stream;
        this.filter = filter;
        this.messages = messages;
        this.order = new PositionOrder(after, properties.gapWait().toNanos(), properties.bufferEvents());
        this.buffer = new ArrayBlockingQueue<>(properties.bufferEvents() + 1);
        this.keepAliveNanos = properties.keepAliveInterval().toNanos();
        this.onOverflow = onOverflow;
        this.lastSentId = after;
        this.readUpTo = after;
    }

    /** The highest position read from the event store for this client (sent or not). */
    long readUpTo() {
        return readUpTo;
    }

    /** Ends the stream (the client left, or the service stops): both threads finish soon. */
    void end() {
        if (ended.compareAndSet(false, true)) {
            Thread reader = readerThread;
            if (reader != null) {
                reader.interrupt();
            }
            buffer.clear();
            buffer.offer(WAKE_UP);
        }
    }

    /** The reader's loop: until the stream ends or the client overflows. */
    void read() {
        readerThread = Thread.currentThread();
        try {
            while (!ended.get() && !overflowed) {
                long now = System.nanoTime();
                long waitMillis = order.nextDue().stream()
                        .map(due -> Math.max(1, TimeUnit.NANOSECONDS.toMillis(due - now) + 1))
                        .findFirst().orElse(MAX_READ_WAIT_MILLIS);
                List<PositionOrder.Released> released;
                if (stream.hasNextAvailable((int) Math.min(waitMillis, MAX_READ_WAIT_MILLIS), MILLISECONDS)) {
                    TrackedEventMessage<?> next = stream.nextAvailable();
                    readUpTo = next.trackingToken().position().orElse(readUpTo);
                    released = order.accept(next, System.nanoTime());
                } else {
                    released = order.due(System.nanoTime());
                }
                for (PositionOrder.Released event : released) {
                    if (filter.matches(event.event()) && !buffer(event)) {
                        overflow();
                        return;
                    }
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException failure) {
            if (!ended.get()) {
                log.warn("live feed stream failed; the client may resume from its last id", failure);
            }
            end();
        } finally {
            stream.close();
        }
    }

    private boolean buffer(PositionOrder.Released event) {
        // the last place stays free for the writer's wake-up
        return buffer.remainingCapacity() > 1 && buffer.offer(new FeedMessage(event.id(),
                EventJson.typeOf(event.event()), messages.of(event.position(), event.event())));
    }

    private void overflow() {
        overflowed = true;
        onOverflow.run();
        buffer.clear();
        buffer.offer(WAKE_UP);
    }

    /** The writer's loop: sends what the reader buffered, a comment when idle; ends the response at the end. */
    void write() {
        try {
            // commits the response: the client sees 200 and the headers now, not with the first event or keep-alive
            emitter.send(SseEmitter.event().comment("open"));
            while (true) {
                FeedMessage next = buffer.poll(keepAliveNanos, TimeUnit.NANOSECONDS);
                if (ended.get()) {
                    emitter.complete();
                    return;
                }
                if (overflowed) {
                    send(FeedMessage.overflow(lastSentId));
                    emitter.complete();
                    return;
                }
                if (next == null) {
                    emitter.send(SseEmitter.event().comment("keep-alive"));
                } else if (next != WAKE_UP) {
                    send(next);
                    lastSentId = next.id();
                }
            }
        } catch (IOException | IllegalStateException clientGone) {
            // the client closed the connection (or the response ended): nothing to send it any more
            log.debug("live feed client gone", clientGone);
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        } finally {
            end();
        }
    }

    private void send(FeedMessage message) throws IOException {
        SseEmitter.SseEventBuilder event = SseEmitter.event();
        if (message.id() != null) {
            event.id(Long.toString(message.id()));
        }
        emitter.send(event.name(message.name()).data(message.data(), JSON_TEXT));
    }
}
