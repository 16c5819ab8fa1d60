package io.annals.app.fanout;

import io.annals.app.eventjson.TypeGlobs;
import io.annals.app.test.ApiClient;
import io.annals.app.test.Instances;
import io.annals.app.test.TestKafka;
import io.annals.app.test.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.annals.app.test.ApiClient.line;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One instance publishing to both targets, a real Redis ({@link TestRedis}) and a real Kafka ({@link TestKafka}):
 * Redis gets every event, one stream per aggregate type; Kafka only the product, customer and order events.
 *
 * <p>Runs before the shared end-to-end context starts ({@link Order}): its instance is the only one publishing.
 */
@Order(5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FanoutTest {

    private static final String STREAM = "fanout-test-" + ApiClient.uniqueToken();
    private static final String TOPIC = "fanout-test-" + ApiClient.uniqueToken();
    private static final String KAFKA_TYPES = "Product*,Customer*,Order*";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static ConfigurableApplicationContext instance;
    private static ApiClient api;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        TestKafka.instance().createTopic(TOPIC);
        instance = Instances.start(
                "--annals.fanout.redis.enabled=true",
                "--annals.fanout.redis.url=" + TestRedis.instance().url(),
                "--annals.fanout.redis.stream=" + STREAM,
                "--annals.fanout.redis.stream-per-aggregate-type=true",
                // a short outage must open the circuit, and a short wait in OPEN keeps the test short
                "--annals.fanout.redis.circuit-breaker.minimum-number-of-calls=2",
                "--annals.fanout.redis.circuit-breaker.sliding-window-size=4",
                "--annals.fanout.redis.circuit-breaker.wait-in-open=1s",
                "--annals.fanout.kafka.enabled=true",
                "--annals.fanout.kafka.bootstrap-servers=" + TestKafka.instance().bootstrapServers(),
                "--annals.fanout.kafka.topic=" + TOPIC,
                "--annals.fanout.kafka.types=" + KAFKA_TYPES);
        api = ApiClient.of(instance);
        jdbc = instance.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    @Test
    @Order(1)
    void everyEventOfAMixedWorkloadReachesBothTargetsInPerAggregateOrderAsTheFeedsJson() {
        long from = Published.head(jdbc);
        mixedWorkload();
        List<Published> stored = Published.storedAfter(jdbc, from);
        TypeGlobs kafkaTypes = TypeGlobs.parse("types", KAFKA_TYPES);
        List<Published> forKafka = stored.stream().filter(event -> matches(kafkaTypes, event)).toList();
        assertThat(stored).extracting(Published::type)
                .contains("ProductRegistered", "CustomerRegistered", "OrderPlaced", "IntakeEventAccepted");
        assertThat(forKafka.size()).as("the filter leaves events out").isLessThan(stored.size());

        await("every event in Redis").atMost(WAIT).until(() -> Published.holdsAll(Published.inRedis(STREAM), stored));
        await("the product, customer and order events in Kafka").atMost(WAIT)
                .until(() -> Published.holdsAll(Published.inKafka(TOPIC), forKafka));

        List<Published> redis = Published.inRedis(STREAM);
        List<Published> kafka = Published.inKafka(TOPIC);
        Published.assertHoldsInPerAggregateOrder(redis, stored);
        Published.assertHoldsInPerAggregateOrder(kafka, forKafka);
        assertThat(kafka).as("Kafka holds only the types it was given")
                .allSatisfy(record -> assertThat(matches(kafkaTypes, record)).as(record.type()).isTrue());
        assertThat(TestRedis.instance().keys(STREAM + ":")).as("a stream per aggregate type")
                .contains(STREAM + ":Product", STREAM + ":Customer", STREAM + ":Order");

        Published registered = stored.stream().filter(event -> event.type().equals("ProductRegistered"))
                .findFirst().orElseThrow();
        String redisJson = jsonOf(redis, registered);
        assertThat(jsonOf(kafka, registered)).as("the same JSON on both").isEqualTo(redisJson);
        JsonNode json = ApiClient.parse(redisJson);
        assertThat(json.path("type").asString()).isEqualTo("ProductRegistered");
        assertThat(json.path("aggregateId").asString()).isEqualTo(registered.aggregateId());
        assertThat(json.path("version").asLong()).isZero();
        assertThat(Instant.parse(json.path("timestamp").asString())).isBefore(Instant.now());
        assertThat(json.path("payload").path("sku").asString()).isEqualTo(registered.aggregateId());
        assertThat(json.path("metadata").path("correlationId").isString()).as(redisJson).isTrue();

        assertThat(api.metric("annals_fanout_published_total", "target", "fanout-redis"))
                .isGreaterThanOrEqualTo(stored.size());
        assertThat(api.metric("annals_fanout_batch_seconds_count", "target", "fanout-kafka")).isPositive();
    }

    @Test
    @Order(2)
    void aRedisOutageOpensTheCircuitGrowsTheLagSkipsNothingAndCatchesUp() {
        ApiClient admin = api.as(ApiClient.ADMIN);
        String sku = api.registerProduct("FANOUT-OUTAGE", 10);
        long from = Published.head(jdbc);

        TestRedis.instance().stop();
        try {
            IntStream.range(0, 5).forEach(i -> assertThat(api.restock(sku, 1).status()).isEqualTo(200));
            await("the circuit opens").atMost(WAIT).until(() -> "OPEN".equals(circuitState(admin)));
            assertThat(lag(admin, "fanout-redis")).as("lag while Redis is down").isPositive();
            assertThat(admin.get("/actuator/health").json().path("components").path("fanoutRedis")
                    .path("status").asString()).isEqualTo("DOWN");
            IntStream.range(0, 5).forEach(i -> assertThat(api.restock(sku, 1).status()).isEqualTo(200));
            await("Kafka, unaffected, keeps up").atMost(WAIT).until(() -> lag(admin, "fanout-kafka") == 0);
        } finally {
            TestRedis.instance().start();
        }

        await("caught up after the outage").atMost(WAIT).until(() -> lag(admin, "fanout-redis") == 0);
        List<Published> stored = Published.storedAfter(jdbc, from);
        assertThat(stored).hasSizeGreaterThanOrEqualTo(10);
        Published.assertHoldsInPerAggregateOrder(Published.inRedis(STREAM), stored);
        await("the circuit closes").atMost(WAIT).until(() -> "CLOSED".equals(circuitState(admin)));
    }

    private static void mixedWorkload() {
        String sku = api.registerProduct("FANOUT", 20);
        String other = api.registerProduct("FANOUT-OTHER", 5);
        IntStream.range(0, 3).forEach(i -> {
            assertThat(api.restock(sku, 2).status()).isEqualTo(200);
            assertThat(api.restock(other, 1).status()).isEqualTo(200);
        });
        String customerId = api.registerVisibleCustomer("fanout");
        String orderId = api.placeOrder(customerId, line(sku, 2, "3.00", "EUR"));
        String source = "fanout-" + ApiClient.uniqueToken();
        String events = IntStream.range(0, 10)
                .mapToObj(i -> "{\"event_id\":\"" + source + "-" + i + "\",\"source_id\":\"" + source
                        + "\",\"timestamp\":" + Instant.now().getEpochSecond() + ",\"priority\":\"HIGH\"}")
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(api.post("/api/intake/events", events).status()).isEqualTo(202);
        api.orderReaching(orderId, "COMPLETED", "CANCELLED");
    }

    private static boolean matches(TypeGlobs globs, Published event) {
        return globs.matches(event.type());
    }

    private static String jsonOf(List<Published> published, Published event) {
        return published.stream().filter(entry -> entry.eventId().equals(event.eventId())).findFirst()
                .orElseThrow().json();
    }

    private static long lag(ApiClient admin, String processor) {
        for (JsonNode status : admin.get("/api/admin/projections").json()) {
            if (processor.equals(status.path("name").asString()) && status.path("lag").isNumber()) {
                return status.path("lag").asLong();
            }
        }
        return -1;
    }

    private static String circuitState(ApiClient admin) {
        for (JsonNode circuit : admin.get("/api/admin/circuits").json()) {
            if ("fanout-redis".equals(circuit.path("name").asString())) {
                return circuit.path("state").asString();
            }
        }
        return "not listed";
    }
}
