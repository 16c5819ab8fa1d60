package io.annals.app.fanout;

import io.annals.choreography.circuit.CircuitBreakerSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Map;

/**
 * The fan-out to Kafka ({@code annals.fanout.kafka}): processor {@code fanout-kafka}. The producer always runs with
 * {@code acks=all} and idempotence on, whatever {@code producer} says: the token moves only past acknowledged events.
 *
 * @param enabled          whether this instance publishes to Kafka (off by default)
 * @param bootstrapServers the brokers to start from, {@code host:port,host:port}
 * @param topic            the topic every event goes to, keyed by its aggregate id; create it with as many
 *                         partitions as its consumers need (one aggregate's events share a partition, in order)
 * @param types            comma-separated globs on the event type (the live feed's {@code types}); {@code *}: every
 *                         event
 * @param linger           how long the producer gathers records into one request ({@code linger.ms})
 * @param requestTimeout   how long one request waits for the broker ({@code request.timeout.ms}), and how long a send
 *                         may wait for metadata while the broker is away ({@code max.block.ms})
 * @param deliveryTimeout  how long a record may take in all, retries included, before its batch counts as failed
 *                         and is published again ({@code delivery.timeout.ms}; at least {@code linger} +
 *                         {@code requestTimeout})
 * @param producer         further Kafka producer settings by their Kafka names (security, compression, batch.size
 *                         ...), e.g. {@code annals.fanout.kafka.producer[compression.type]=lz4}
 * @param circuitBreaker   when to stop calling a failing Kafka for a while (circuit {@code fanout-kafka})
 */
@Validated
@ConfigurationProperties("annals.fanout.kafka")
public record KafkaFanoutProperties(@DefaultValue("false") boolean enabled,
                                    @NotBlank @DefaultValue("localhost:9092") String bootstrapServers,
                                    @NotBlank @DefaultValue("annals-events") String topic,
                                    @NotBlank @DefaultValue("*") String types,
                                    @NotNull @DefaultValue("5ms") Duration linger,
                                    @NotNull @DefaultValue("5s") Duration requestTimeout,
                                    @NotNull @DefaultValue("15s") Duration deliveryTimeout,
                                    @DefaultValue Map<String, String> producer,
                                    @Valid @DefaultValue CircuitBreakerSettings circuitBreaker) {

    public KafkaFanoutProperties {
        producer = producer == null ? Map.of() : Map.copyOf(producer);
        if (deliveryTimeout.compareTo(linger.plus(requestTimeout)) < 0) {
            throw new IllegalArgumentException("annals.fanout.kafka.delivery-timeout must be at least linger + "
                    + "request-timeout (Kafka refuses less), not " + deliveryTimeout);
        }
    }

    @Override
    public String toString() {
        // producer settings may hold credentials (sasl.jaas.config), which must not reach a log
        return "KafkaFanoutProperties[enabled=" + enabled + ", bootstrapServers=" + bootstrapServers + ", topic="
                + topic + ", types=" + types + ", linger=" + linger + ", requestTimeout=" + requestTimeout
                + ", deliveryTimeout=" + deliveryTimeout + ", producer=" + producer.keySet()
                + ", circuitBreaker=" + circuitBreaker + "]";
    }
}
