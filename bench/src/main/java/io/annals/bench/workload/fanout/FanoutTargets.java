package io.annals.bench.workload.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads back what the service published, as a consumer would (per Redis stream, per Kafka partition, in order), and
 * keeps for each aggregate the versions of its events in the order they were first seen (later copies are the
 * duplicates a consumer skips by position).
 */
final class FanoutTargets {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REDIS_PAGE = 10_000;
    private static final Duration POLL = Duration.ofMillis(500);

    /** Per aggregate id, the versions in first-seen order; and how many records repeated one seen before. */
    record Seen(Map<String, List<Long>> versions, long records, long duplicates) {
    }

    private FanoutTargets() {
    }

    static Seen redis(String url, String stream, Set<String> aggregates) {
        Collector collector = new Collector(aggregates);
        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            String from = "-";
            while (true) {
                List<StreamMessage<String, String>> page = connection.sync().xrange(stream,
                        Range.create(from, "+"), Limit.from(REDIS_PAGE));
                page.forEach(entry -> collector.accept(entry.getBody().get("position"), entry.getBody().get("event")));
                if (page.size() < REDIS_PAGE) {
                    break;
                }
                from = "(" + page.get(page.size() - 1).getId();
            }
        } finally {
            client.shutdown();
        }
        return collector.seen();
    }

    static Seen kafka(String bootstrapServers, String topic, Set<String> aggregates) {
        Collector collector = new Collector(aggregates);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            // one partition at a time: each is one consumer's ordered view
            for (TopicPartition partition : partitions) {
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                long end = consumer.endOffsets(List.of(partition)).get(partition);
                while (consumer.position(partition) < end) {
                    for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                        collector.accept(new String(record.headers().lastHeader("position").value()),
                                record.value());
                    }
                }
            }
        }
        return collector.seen();
    }

    private static final class Collector {

        private final Set<String> aggregates;
        private final Set<String> positions = new HashSet<>();
        private final Map<String, List<Long>> versions = new HashMap<>();
        private long records;
        private long duplicates;

        Collector(Set<String> aggregates) {
            this.aggregates = aggregates;
        }

        void accept(String position, String json) {
            JsonNode event;
            try {
                event = JSON.readTree(json);
            } catch (IOException unreadable) {
                throw new IllegalStateException("unreadable event at position " + position + ": " + json, unreadable);
            }
            String aggregate = event.path("aggregateId").asText(null);
            if (aggregate == null || !aggregates.contains(aggregate)) {
                return;
            }
            records++;
            if (!positions.add(position)) {
                duplicates++;
                return;
            }
            versions.computeIfAbsent(aggregate, key -> new ArrayList<>()).add(event.path("version").asLong());
        }

        Seen seen() {
            return new Seen(versions, records, duplicates);
        }
    }
}
