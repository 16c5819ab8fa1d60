package io.annals.app.fanout;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes to a Kafka topic: key = aggregate id (one aggregate's events on one partition, in order), value = the
 * JSON, headers {@code type}, {@code position} and {@code eventId}. A batch is sent, flushed, and done when every
 * record is acknowledged by all in-sync replicas ({@code acks=all}); the idempotent producer keeps its own retries
 * from duplicating or reordering records.
 */
final class KafkaTopicTarget implements FanoutTarget {

    private final DefaultKafkaProducerFactory<String, String> producers;
    private final KafkaTemplate<String, String> kafka;
    private final KafkaFanoutProperties properties;

    KafkaTopicTarget(KafkaFanoutProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.producers = new DefaultKafkaProducerFactory<>(producerConfig(properties));
        producers.addListener(new MicrometerProducerListener<>(meters, List.of(Tag.of("target", FanoutRoute.KAFKA))));
        this.kafka = new KafkaTemplate<>(producers);
    }

    static Map<String, Object> producerConfig(KafkaFanoutProperties properties) {
        Map<String, Object> config = new HashMap<>(properties.producer());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, (int) properties.linger().toMillis());
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) properties.requestTimeout().toMillis());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, properties.requestTimeout().toMillis());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) properties.deliveryTimeout().toMillis());
        // at least once, in order: not up to the producer settings
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "annals-fanout");
        return config;
    }

    @Override
    public void publish(List<FanoutEvent> events) {
        CompletableFuture<?>[] sends = new CompletableFuture<?>[events.size()];
        try {
            for (int i = 0; i < sends.length; i++) {
                sends[i] = kafka.send(recordOf(events.get(i)));
            }
        } catch (RuntimeException refused) {
            // no metadata within max.block.ms (the broker is away): what was sent may still arrive, so the whole
            // batch goes again
            throw new FanoutException("Kafka refused a batch of " + events.size() + " events", refused);
        }
        kafka.flush();
        // every record is acknowledged or failed within the delivery timeout of its send
        try {
            CompletableFuture.allOf(sends).get(properties.deliveryTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            throw new FanoutException("Kafka did not acknowledge a batch of " + events.size() + " events",
                    failed.getCause());
        } catch (TimeoutException late) {
            throw new FanoutException("Kafka did not acknowledge a batch of " + events.size() + " events within "
                    + properties.deliveryTimeout(), late);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
            throw new FanoutException("interrupted while Kafka acknowledged a batch", stopping);
        }
    }

    private ProducerRecord<String, String> recordOf(FanoutEvent event) {
        List<Header> headers = List.of(header("type", event.type()),
                header("position", Long.toString(event.position())), header("eventId", event.eventId()));
        return new ProducerRecord<>(properties.topic(), null, event.aggregateId(), event.json(), headers);
    }

    private static Header header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producers.destroy();
    }
}
