package io.annals.app.processor;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.monitoring.MessageMonitor.MonitorCallback;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** An event processor's meters: counted and timed per payload type, latency and capacity per processor. */
class EventProcessorMetricsTest {

    private final MockClock clock = new MockClock();
    private final MeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final EventProcessorMetrics testSubject = new EventProcessorMetrics("products", registry);

    record Restocked(String sku) {
    }

    record Registered(String sku) {
    }

    @Test
    void eachOutcomeIsCountedAndTimedUnderItsPayloadType() {
        MonitorCallback first = testSubject.onMessageIngested(event(new Restocked("a"), 0));
        clock.add(3, TimeUnit.MILLISECONDS);
        first.reportSuccess();
        testSubject.onMessageIngested(event(new Restocked("b"), 0)).reportFailure(new IllegalStateException("x"));
        testSubject.onMessageIngested(event(new Restocked("c"), 0)).reportIgnored();
        testSubject.onMessageIngested(event(new Registered("d"), 0)).reportSuccess();

        assertThat(count("ingestedCounter", "Restocked")).isEqualTo(3);
        assertThat(count("successCounter", "Restocked")).isEqualTo(1);
        assertThat(count("failureCounter", "Restocked")).isEqualTo(1);
        assertThat(count("ignoredCounter", "Restocked")).isEqualTo(1);
        assertThat(count("processedCounter", "Restocked")).isEqualTo(2);
        assertThat(count("successCounter", "Registered")).isEqualTo(1);
        assertThat(timer("allTimer", "Restocked").count()).isEqualTo(3);
        assertThat(timer("successTimer", "Restocked").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
        assertThat(timer("ignoredTimer", "Restocked").count()).isEqualTo(1);
    }

    @Test
    void capacityIsTheShareOfTheLastTenMinutesSpentHandlingEvents() {
        for (int i = 0; i < 2; i++) {
            MonitorCallback callback = testSubject.onMessageIngested(event(new Restocked("a"), 0));
            clock.add(30, TimeUnit.SECONDS);
            callback.reportSuccess();
        }
        MonitorCallback ignored = testSubject.onMessageIngested(event(new Restocked("b"), 0));
        clock.add(60, TimeUnit.SECONDS);
        ignored.reportIgnored();

        assertThat(capacity()).isCloseTo(120.0 / 600, within(1e-9));

        clock.add(11, TimeUnit.MINUTES);
        assertThat(capacity()).isZero();
    }

    @Test
    void aBucketReusedAfterTheWindowCountsOnlyItsNewTime() {
        EventProcessorMetrics.BusyTime testSubject = new EventProcessorMetrics.BusyTime();
        long start = TimeUnit.HOURS.toNanos(1);
        long window = EventProcessorMetrics.BusyTime.WINDOW_NANOS;
        testSubject.add(start, TimeUnit.SECONDS.toNanos(5));

        testSubject.add(start + window, TimeUnit.SECONDS.toNanos(2)); // the same slot, ten minutes later
        testSubject.add(start, TimeUnit.SECONDS.toNanos(7)); // reported late for a bucket the slot no longer holds

        assertThat(testSubject.share(start + window)).isCloseTo(2.0 / 600, within(1e-9));
    }

    @Test
    void latencyIsHowOldTheLastEventWasWhenItWasTaken() {
        assertThat(latency()).isZero();

        testSubject.onMessageIngested(event(new Restocked("a"), 1_500)).reportSuccess();
        clock.add(10, TimeUnit.SECONDS); // a later read of the gauge does not age the last event

        assertThat(latency()).isEqualTo(1_500.0);
    }

    private EventMessage<?> event(Object payload, long ageMillis) {
        Instant published = Instant.ofEpochMilli(clock.wallTime() - ageMillis);
        return new GenericEventMessage<>(UUID.randomUUID().toString(), payload, MetaData.emptyInstance(), published);
    }

    private double count(String counter, String payloadType) {
        return registry.get("eventProcessor." + counter)
                .tag("processorName", "products").tag("payloadType", payloadType).counter().count();
    }

    private io.micrometer.core.instrument.Timer timer(String timer, String payloadType) {
        return registry.get("eventProcessor." + timer)
                .tag("processorName", "products").tag("payloadType", payloadType).timer();
    }

    private double capacity() {
        return registry.get("eventProcessor.capacity")
                .tag("processorName", "products").tag("payloadType", "Restocked").gauge().value();
    }

    private double latency() {
        return registry.get("eventProcessor.latency").tag("processorName", "products").gauge().value();
    }
}
