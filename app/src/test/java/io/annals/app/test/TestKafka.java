package io.annals.app.test;

import ch.qos.logback.classic.Level;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one Kafka of a test JVM: spring-kafka-test's embedded KRaft broker, a real Kafka inside the test JVM, started on
 * first use and stopped when the JVM exits.
 */
public final class TestKafka {

    private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
    /** Partitions per topic: more than one, so per-aggregate order is tested across partitions. */
    public static final int PARTITIONS = 3;
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration READ_WAIT = Duration.ofSeconds(30);

    private final EmbeddedKafkaKraftBroker broker;

    private TestKafka() {
        // the broker logs every partition and controller step at INFO; Spring Boot's logging, once a context starts,
        // takes over with what the test instances are given (logging.level.org.apache.kafka)
        for (String noisy : List.of("org.apache.kafka", "kafka", "state.change.logger")) {
            ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(noisy)).setLevel(Level.WARN);
        }
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "test-kafka-stop"));
        log.info("test Kafka: embedded KRaft broker at {}", broker.getBrokersAsString());
    }

    /** The JVM's Kafka; starts it on the first call. */
    public static TestKafka instance() {
        return Holder.INSTANCE;
    }

    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    public void createTopic(String topic) {
        broker.addTopics(new NewTopic(topic, PARTITIONS, (short) 1));
    }

    /** Every record of {@code topic} up to its current end, partition after partition, each in offset order. */
    public List<ConsumerRecord<String, String>> records(String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            long deadline = System.nanoTime() + READ_WAIT.toNanos();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " up to " + end + " within "
                            + READ_WAIT);
                }
                consumer.poll(POLL).forEach(records::add);
            }
            List<ConsumerRecord<String, String>> byPartition = new ArrayList<>(records);
            byPartition.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                    : Long.compare(a.offset(), b.offset()));
            return byPartition;
        }
    }

    /** Lazy, thread-safe, once per JVM (class initialisation). */
    private static final class Holder {
        private static final TestKafka INSTANCE = new TestKafka();
    }
}
