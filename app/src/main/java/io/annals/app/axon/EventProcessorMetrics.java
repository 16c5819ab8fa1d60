package io.annals.app.axon;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.CapacityMonitor;
import org.axonframework.micrometer.TagsUtil;
import org.axonframework.monitoring.MessageMonitor;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An event processor's metrics, the same meters as Axon's dimensional monitors give it: {@code eventProcessor.*Timer}
 * and {@code eventProcessor.*Counter} by {@code payloadType} and {@code processorName}, {@code eventProcessor.latency}
 * and {@code eventProcessor.capacity} by {@code processorName}.
 *
 * <p>Written by hand because Axon 4.13's monitors look up their meters anew for every event (four
 * {@code Timer.builder(..).register}, five {@code registry.counter(..)} and a {@code Gauge.builder(..).register}), and
 * the latency monitor parses each event's timestamp: together 30-40 % of a projection's CPU during a replay (JFR of
 * {@code bench/run.sh replay}). Here the meters are looked up once per payload type, and the latency is computed
 * from the last event when the gauge is read. The capacity stays Axon's own monitor.
 */
final class EventProcessorMetrics implements MessageMonitor<Message<?>> {

    private static final String PREFIX = "eventProcessor";

    private final Tags processorTag;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Class<?>, Meters> metersByPayloadType = new ConcurrentHashMap<>();
    private final MessageMonitor<Message<?>> capacity;
    private volatile Ingested lastIngested;

    EventProcessorMetrics(String processorName, MeterRegistry registry) {
        this.processorTag = Tags.of(TagsUtil.PROCESSOR_NAME_TAG, processorName);
        this.registry = registry;
        this.clock = registry.config().clock();
        this.capacity = CapacityMonitor.buildMonitor(PREFIX, registry, message -> processorTag);
        Gauge.builder(PREFIX + ".latency", this, EventProcessorMetrics::latencyMillis)
                .tags(processorTag)
                .register(registry);
    }

    @Override
    public MonitorCallback onMessageIngested(Message<?> message) {
        if (message instanceof EventMessage<?> event) {
            lastIngested = new Ingested(clock.wallTime(), event);
        }
        Meters meters = metersByPayloadType.computeIfAbsent(message.getPayloadType(), this::meters);
        meters.ingested.increment();
        MonitorCallback capacityCallback = capacity.onMessageIngested(message);
        long start = clock.monotonicTime();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                long duration = clock.monotonicTime() - start;
                meters.all.record(duration, TimeUnit.NANOSECONDS);
                meters.successTimer.record(duration, TimeUnit.NANOSECONDS);
                meters.processed.increment();
                meters.success.increment();
                capacityCallback.reportSuccess();
            }

            @Override
            public void reportFailure(Throwable cause) {
                long duration = clock.monotonicTime() - start;
                meters.all.record(duration, TimeUnit.NANOSECONDS);
                meters.failureTimer.record(duration, TimeUnit.NANOSECONDS);
                meters.processed.increment();
                meters.failure.increment();
                capacityCallback.reportFailure(cause);
            }

            @Override
            public void reportIgnored() {
                long duration = clock.monotonicTime() - start;
                meters.all.record(duration, TimeUnit.NANOSECONDS);
                meters.ignoredTimer.record(duration, TimeUnit.NANOSECONDS);
                meters.ignored.increment();
                capacityCallback.reportIgnored();
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
        return new Meters(timer("allTimer", tags), timer("successTimer", tags), timer("failureTimer", tags),
                timer("ignoredTimer", tags), counter("ingestedCounter", tags), counter("successCounter", tags),
                counter("failureCounter", tags), counter("processedCounter", tags), counter("ignoredCounter", tags));
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

    private record Ingested(long wallTime, EventMessage<?> event) {
    }

    private record Meters(Timer all, Timer successTimer, Timer failureTimer, Timer ignoredTimer, Counter ingested,
                          Counter success, Counter failure, Counter processed, Counter ignored) {
    }
}
