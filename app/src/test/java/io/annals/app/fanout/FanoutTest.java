package io.annals.app.fanout;

import io.annals.app.eventjson.TypeGlobs;
import io.annals.app.test.AnnalsProcess;
import io.annals.app.test.ApiClient;
import io.annals.app.test.Instances;
import io.annals.app.test.Parallel;
import io.annals.app.test.TestKafka;
import io.annals.app.test.TestRedis;
import io.annals.choreography.circuit.Circuits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * Two instances publishing to a real Redis ({@link TestRedis}, every event, a stream per aggregate type) and a real
 * Kafka ({@link TestKafka}, all but the order events): one in a JVM of its own ({@link AnnalsProcess}), started
 * first, and one in this JVM, which shares the publishers' segments with it, takes the first one's over when it is
 * killed, and then lives through a Redis outage.
 *
 * <p>Without the saga role, so token claims may time out after a few seconds (a saga instance refuses that): the
 * takeover is quick. Runs before the shared end-to-end context starts ({@link Order}): these two are the only
 * instances publishing. The tests build on each other, in order.
 */
@Order(5)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FanoutTest {

    private static final Logger log = LoggerFactory.getLogger(FanoutTest.class);
    private static final String STREAM = "fanout-test-" + ApiClient.uniqueToken();
    private static final String TOPIC = "fanout-test-" + ApiClient.uniqueToken();
    private static final String KAFKA_TYPES = "Product*,Customer*,Intake*";
    /** Segments of a publisher times events per batch (application.yml): what may be in flight when a node dies. */
    private static final int UNACKNOWLEDGED_AT_MOST = 4 * 500;
    private static final int BACKLOG_REQUESTS = 4;
    private static final int EVENTS_PER_REQUEST = 1000;
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static AnnalsProcess child;
    private static ConfigurableApplicationContext instance;
    private static ApiClient api;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void start() {
        TestKafka.instance().createTopic(TOPIC);
        String[] arguments = {
                "--annals.roles=command,query,intake",
                "--annals.axon.token-claim-timeout=8s",
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
                "--annals.fanout.kafka.types=" + KAFKA_TYPES,
                "--logging.level.org.apache.kafka=WARN"};
        child = AnnalsProcess.start(arguments);
        instance = Instances.start(arguments);
        api = ApiClient.of(instance);
        jdbc = instance.getBean(JdbcTemplate.class);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (instance != null) {
            instance.close();
        }
        if (child != null) {
            child.close();
        }
    }

    @Test
    @Order(1)
    void everyEventOfAMixedWorkloadReachesBothTargetsOnceInPerAggregateOrderAsTheFeedsJson() throws Exception {
        long from = Published.head(jdbc);
        mixedWorkload();
        List<Published> stored = Published.storedAfter(jdbc, from);
        TypeGlobs kafkaTypes = TypeGlobs.parse("types", KAFKA_TYPES);
        List<Published> forKafka = stored.stream().filter(event -> kafkaTypes.matches(event.type())).toList();
        assertThat(stored).extracting(Published::type)
                .contains("ProductRegistered", "CustomerRegistered", "OrderPlaced", "IntakeEventAccepted");
        assertThat(forKafka.size()).as("the filter leaves the order events out").isLessThan(stored.size());

        await("every event in Redis").atMost(WAIT).until(() -> Published.holdsAll(Published.inRedis(STREAM), stored));
        await("all but the order events in Kafka").atMost(WAIT)
                .until(() -> Published.holdsAll(Published.inKafka(TOPIC), forKafka));

        List<Published> redis = Published.inRedis(STREAM);
        List<Published> kafka = Published.inKafka(TOPIC);
        Published.assertHoldsInPerAggregateOrder(redis, stored);
        Published.assertHoldsInPerAggregateOrder(kafka, forKafka);
        assertThat(kafka).as("Kafka holds only the types it was given")
                .allSatisfy(record -> assertThat(kafkaTypes.matches(record.type())).as(record.type()).isTrue());
        for (List<Published> target : List.of(redis, kafka)) {
            assertThat(Published.duplicates(target, entry -> entry.position() > from))
                    .as("events published twice while both instances ran").isZero();
        }
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

        // the two instances share the segments: each counts what it published
        List<ApiClient> both = List.of(api, child.api());
        assertThat(both.stream().mapToDouble(node -> node.metric("annals_fanout_published_total",
                "target", "fanout-redis")).sum()).isGreaterThanOrEqualTo(stored.size());
        assertThat(both.stream().mapToDouble(node -> node.metric("annals_fanout_batch_seconds_count",
                "target", "fanout-kafka")).sum()).isPositive();
    }

    @Test
    @Order(2)
    void aKilledInstanceLosesNothingAndRepeatsOnlyWhatItHadNotAcknowledged() throws InterruptedException {
        long from = Published.head(jdbc);
        int before = Published.inRedis(STREAM).size();
        submitIntake(1);
        await("the child publishing the backlog").atMost(WAIT)
                .until(() -> Published.inRedis(STREAM).size() > before);
        child.kill();
        submitIntake(BACKLOG_REQUESTS - 1);
        List<Published> stored = Published.storedAfter(jdbc, from);
        assertThat(stored).hasSize(BACKLOG_REQUESTS * EVENTS_PER_REQUEST);

        await("every event in Redis, the killed instance's segments taken over").atMost(WAIT)
                .until(() -> Published.holdsAll(Published.inRedis(STREAM), stored));
        await("every event in Kafka").atMost(WAIT).until(() -> Published.holdsAll(Published.inKafka(TOPIC), stored));

        for (List<Published> target : List.of(Published.inRedis(STREAM), Published.inKafka(TOPIC))) {
            Published.assertHoldsInPerAggregateOrder(target, stored);
            long duplicates = Published.duplicates(target, entry -> entry.position() > from);
            log.info("published again after the kill: {} of {} events", duplicates, stored.size());
            assertThat(duplicates).as("only the killed instance's unacknowledged batches come twice")
                    .isLessThanOrEqualTo(UNACKNOWLEDGED_AT_MOST);
        }
    }

    @Test
    @Order(3)
    void aRedisOutageOpensTheCircuitGrowsTheLagSkipsNothingAndCatchesUp() {
        ApiClient admin = api.as(ApiClient.ADMIN);
        Circuits circuits = instance.getBean(Circuits.class);
        String sku = api.registerProduct("FANOUT-OUTAGE", 10);
        long from = Published.head(jdbc);

        TestRedis.instance().stop();
        try {
            IntStream.range(0, 5).forEach(i -> assertThat(api.restock(sku, 1).status()).isEqualTo(200));
            await("the circuit opens").atMost(WAIT)
                    .until(() -> "OPEN".equals(circuits.view("fanout-redis").state()));
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
        await("the circuit closes").atMost(WAIT).until(() -> "CLOSED".equals(circuits.view("fanout-redis").state()));
    }

    private static void mixedWorkload() throws Exception {
        String sku = api.registerProduct("FANOUT", 20);
        String other = api.registerProduct("FANOUT-OTHER", 5);
        // concurrent commits leave gaps in the global index that later commits fill: such an event's tracking token
        // is not its position, and each event must still go out under its own
        List<Integer> restocks = Parallel.gather(8, () -> IntStream.range(0, 10)
                .mapToObj(i -> api.restock(i % 2 == 0 ? sku : other, 1).status()).toList());
        assertThat(restocks).containsOnly(200);
        String customerId = api.registerVisibleCustomer("fanout");
        api.placeOrder(customerId, line(sku, 2, "3.00", "EUR"));
        String source = "fanout-" + ApiClient.uniqueToken();
        String events = IntStream.range(0, 10)
                .mapToObj(i -> "{\"event_id\":\"" + source + "-" + i + "\",\"source_id\":\"" + source
                        + "\",\"timestamp\":" + Instant.now().getEpochSecond() + ",\"priority\":\"HIGH\"}")
                .collect(Collectors.joining(",", "[", "]"));
        assertThat(api.post("/api/intake/events", events).status()).isEqualTo(202);
    }

    /** {@code requests} intake requests, each from a source of its own. */
    private static void submitIntake(int requests) {
        for (int request = 0; request < requests; request++) {
            String source = "fanout-" + ApiClient.uniqueToken();
            String body = IntStream.range(0, EVENTS_PER_REQUEST)
                    .mapToObj(i -> "{\"event_id\":\"" + source + "-" + i + "\",\"source_id\":\"" + source
                            + "\",\"timestamp\":" + Instant.now().getEpochSecond() + "}")
                    .collect(Collectors.joining(",", "[", "]"));
            ApiClient.Answer answer = api.post("/api/intake/events", body);
            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        }
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
}
