package io.annals.app.processor;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.TagsUtil;
import org.axonframework.monitoring.MessageMonitor;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * An event processor's metrics, the same meters as Axon's dimensional monitors give it: {@code eventProcessor.*Timer},
 * {@code eventProcessor.*Counter} and {@code eventProcessor.capacity} by {@code payloadType} and {@code processorName},
 * {@code eventProcessor.latency} by {@code processorName}.
 *
 * <p>Written by hand because Axon 4.13's monitors look up their meters anew for every event (four
 * {@code Timer.builder(..).register}, five {@code registry.counter(..)} and two gauges), and
 * the latency monitor parses each event's timestamp: together 30-40 % of a projection's CPU during a replay (JFR of
 * {@code bench/run.sh replay}). Here the meters are looked up once per payload type, and the latency is computed
 * from the last event when the gauge is read. The capacity (the share of the last 10 minutes the processor spent
 * handling events, as Axon's {@code CapacityMonitor} computes it) is summed in fixed time buckets: Axon's monitor
 * registers its gauge again for every event and keeps every single duration of the window (millions of entries at
 * replay speed).
 */
final class EventProcessorMetrics implements MessageMonitor<Message<?>> {

    private static final String PREFIX = "eventProcessor";

    private final Tags processorTag;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Class<?>, Meters> metersByPayloadType = new ConcurrentHashMap<>();
    private volatile Ingested lastIngested;

    EventProcessorMetrics(String processorName, MeterRegistry registry) {
        this.processorTag = Tags.of(TagsUtil.PROCESSOR_NAME_TAG, processorName);
        this.registry = registry;
        this.clock = registry.config().clock();
        Gauge.builder(PREFIX + ".latency", this, EventProcessorMetrics::latencyMillis)
                .tags(processorTag)
                .strongReference(true)
                .register(registry);
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        if (message instanceof EventMessage<?> event) {
            lastIngested = new Ingested(clock.wallTime(), event);
        }
        Meters meters = metersByPayloadType.computeIfAbsent(message.getPayloadType(), this::meters);
        meters.ingested().increment();
        long start = clock.monotonicTime();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                meters.ended(start, clock.monotonicTime(), meters.successTimer(), meters.success(), true);
            }

            @Override
            public void reportFailure(Throwable cause) {
                meters.ended(start, clock.monotonicTime(), meters.failureTimer(), meters.failure(), true);
            }

            @Override
            public void reportIgnored() {
                meters.ended(start, clock.monotonicTime(), meters.ignoredTimer(), meters.ignored(), false);
            }
        };
    }

    /** Like Axon's latency monitor: how old the last event was when the processor took it, in milliseconds. */
    private double latencyMillis() {
        Ingested last = lastIngested;
        return last == null ? 0 : last.wallTime - last.event.getTimestamp().toEpochMilli();
    }

    private Meters meters(Class<?> payloadType) {
        Tags tags = processorTag.and(TagsUtil.PAYLOAD_TYPE_TAG, payloadType.getSimpleName());
        BusyTime busyTime = new BusyTime();
        Gauge.builder(PREFIX + ".capacity", busyTime, busy -> busy.share(clock.monotonicTime()))
                .tags(tags)
                .strongReference(true)
                .register(registry);
        return new Meters(timer("allTimer", tags), timer("successTimer", tags), timer("failureTimer", tags),
                timer("ignoredTimer", tags), counter("ingestedCounter", tags), counter("successCounter", tags),
                counter("failureCounter", tags), counter("processedCounter", tags), counter("ignoredCounter", tags),
                busyTime);
    }

    /** As Axon's {@code MessageTimerMonitor} builds them. */
    private Timer timer(String name, Tags tags) {
        return Timer.builder(PREFIX + "." + name)
                .distributionStatisticExpiry(Duration.ofMinutes(10))
                .publishPercentiles(0.5, 0.75, 0.95, 0.98, 0.99, 0.999)
                .tags(tags)
                .register(registry);
    }

    private Counter counter(String name, Tags tags) {
        return registry.counter(PREFIX + "." + name, tags);
    }

    /**
     * Time spent handling events over the last {@link #WINDOW_NANOS}, in {@link #BUCKETS} buckets of a fixed time
     * span: fixed memory whatever the event rate. A slot only ever moves on to a newer bucket, by swapping in a fresh
     * one, so an addition lands either in its own bucket or (when its bucket was just replaced) is dropped.
     */
    static final class BusyTime {

        static final long WINDOW_NANOS = TimeUnit.MINUTES.toNanos(10);
        static final int BUCKETS = 60;
        static final long BUCKET_NANOS = WINDOW_NANOS / BUCKETS;

        private record Bucket(long index, LongAdder nanos) {
        }

        private final AtomicReferenceArray<Bucket> slots = new AtomicReferenceArray<>(BUCKETS);

        /** Adds {@code nanos} of handling that ended at {@code at} (a monotonic time). */
        void add(long at, long nanos) {
            long index = Math.floorDiv(at, BUCKET_NANOS);
            int slot = (int) Math.floorMod(index, (long) BUCKETS);
            while (true) {
                Bucket held = slots.get(slot);
                if (held != null && held.index() == index) {
                    held.nanos().add(nanos);
                    return;
                }
                if (held != null && held.index() > index) {
                    return; // older than the window this slot now counts for
                }
                Bucket fresh = new Bucket(index, new LongAdder());
                if (slots.compareAndSet(slot, held, fresh)) {
                    fresh.nanos().add(nanos);
                    return;
                }
            }
        }

        /** The busy share of the window that ends {@code now} (1.0 = one thread busy all the time). */
        double share(long now) {
            long current = Math.floorDiv(now, BUCKET_NANOS);
            long busy = 0;
            for (int slot = 0; slot < BUCKETS; slot++) {
                Bucket bucket = slots.get(slot);
                if (bucket != null && bucket.index() > current - BUCKETS && bucket.index() <= current) {
                    busy += bucket.nanos().sum();
                }
            }
            return (double) busy / WINDOW_NANOS;
        }
    }

    private record Ingested(long wallTime, EventMessage<?> event) {
    }

    private record Meters(Timer all, Timer successTimer, Timer failureTimer, Timer ignoredTimer, Counter ingested,
                          Counter success, Counter failure, Counter processed, Counter ignored, BusyTime busyTime) {

        /** An event handled from {@code start} to {@code end} with the outcome of {@code timer} and {@code counter}. */
        void ended(long start, long end, Timer timer, Counter counter, boolean handled) {
            long duration = end - start;
            all.record(duration, TimeUnit.NANOSECONDS);
            timer.record(duration, TimeUnit.NANOSECONDS);
            if (handled) {
                processed.increment();
            }
            counter.increment();
            busyTime.add(end, duration);
        }
    }
}
