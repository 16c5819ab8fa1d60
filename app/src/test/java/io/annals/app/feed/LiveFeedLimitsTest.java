package io.annals.app.feed;

import io.annals.app.test.ApiClient;
import io.annals.app.test.Instances;
import io.annals.command.intake.SourceStreams;
import io.annals.kernel.intake.IntakePriority;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.annals.app.test.ApiClient.READER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live feed's bounds, on an instance of its own with small ones: two streams at most, a buffer of two events, a
 * keep-alive comment every 100 ms, a 20 s socket write timeout (longer than a test keeps a client from reading) and a
 * gap wait of 10 s (so that an append held open by a test is surely waited for).
 * The last test stops the instance. Like every test with an instance of its own, it runs before the shared
 * end-to-end context exists (see junit-platform.properties), so no third node takes that context's work.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveFeedLimitsTest {

    private static ConfigurableApplicationContext instance;
    private static int port;
    private static FeedClients clients;

    @BeforeAll
    static void start() {
        instance = Instances.start("--annals.stream.max-clients=2", "--annals.stream.buffer-events=2",
                "--annals.stream.keep-alive-interval=100ms", "--annals.stream.gap-wait=10s",
                "--server.tomcat.connection-timeout=20s");
        port = ((WebServerApplicationContext) instance).getWebServer().getPort();
        clients = instance.getBean(FeedClients.class);
    }

    @AfterAll
    static void stop() {
        if (instance.isActive()) {
            instance.close();
        }
    }

    @Test
    @Order(1)
    void anIdleStreamGetsKeepAliveComments() {
        try (SseClient idle = SseClient.open(port, READER, "/api/stream?types=NoSuchEvent")) {
            assertThat(idle.status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> idle.comments() >= 3);
        }
    }

    @Test
    @Order(2)
    void beyondMaxClientsAStreamIsRefusedWith503AndRetryAfterUntilOneCloses() {
        await().atMost(Duration.ofSeconds(10)).until(() -> clients.openStreams() == 0);
        try (SseClient first = SseClient.open(port, READER, "/api/stream");
             SseClient second = SseClient.open(port, READER, "/api/stream")) {
            assertThat(first.status()).isEqualTo(200);
            assertThat(second.status()).isEqualTo(200);

            try (SseClient third = SseClient.open(port, READER, "/api/stream")) {
                assertThat(third.status()).isEqualTo(503);
                assertThat(third.header("Content-Type")).startsWith(ApiClient.PROBLEM_JSON);
                assertThat(third.problem().path("type").asString()).endsWith("/too-many-streams");
                assertThat(Long.parseLong(third.header("Retry-After"))).isPositive();
            }

            first.close();
            await("the closed stream's place is free").atMost(Duration.ofSeconds(10))
                    .until(() -> clients.openStreams() == 1);
            try (SseClient again = SseClient.open(port, READER, "/api/stream")) {
                assertThat(again.status()).isEqualTo(200);
            }
        }
    }

    @Test
    @Order(3)
    void anEventCommittedLateIntoAGapComesFirstAndTheIdsStayInOrder() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> clients.openStreams() == 0);
        String source = "gap-" + UUID.randomUUID().toString().substring(0, 8);
        IntakeEvents intake = new IntakeEvents(instance.getBean(SourceStreams.class));
        TransactionTemplate transaction = new TransactionTemplate(instance.getBean(PlatformTransactionManager.class));
        CountDownLatch commitTheFirst = new CountDownLatch(1);
        ExecutorService appender = Executors.newSingleThreadExecutor();
        try (SseClient stream = SseClient.open(port, READER, "/api/stream?source=" + source)) {
            assertThat(stream.status()).isEqualTo(200);
            // the first append takes its position and stays uncommitted until the second is committed and read
            CompletableFuture<Long> heldPosition = new CompletableFuture<>();
            Future<?> first = appender.submit(() -> transaction.executeWithoutResult(status -> {
                intake.append(IntakeEvents.accepted(source, 1, IntakePriority.HIGH, "{\"n\":1}"));
                heldPosition.complete(positionOf(source, 1)); // visible in its own transaction only
                try {
                    commitTheFirst.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            long held = heldPosition.get(10, TimeUnit.SECONDS);
            assertThat(positionOf(source, 1)).as("not committed yet").isNull();
            intake.append(IntakeEvents.accepted(source, 2, IntakePriority.HIGH, "{\"n\":2}"));
            long second = positionOf(source, 2);
            assertThat(second).isGreaterThan(held);
            await("the stream read the second").atMost(Duration.ofSeconds(10))
                    .until(() -> clients.readPositions().anyMatch(position -> position >= second));

            commitTheFirst.countDown();
            first.get(30, TimeUnit.SECONDS);

            SseClient.Message one = stream.next();
            SseClient.Message two = stream.next();
            assertThat(one.json().path("payload").path("source_sequence").asLong()).isEqualTo(1);
            assertThat(one.position()).isEqualTo(held);
            assertThat(two.json().path("payload").path("source_sequence").asLong()).isEqualTo(2);
            assertThat(two.position()).isEqualTo(second);
        } finally {
            commitTheFirst.countDown();
            appender.shutdownNow();
        }
    }

    /** The position of a source's event as this thread's transaction sees it (null: not appended or uncommitted). */
    private static Long positionOf(String source, long sourceSequence) {
        return jdbc().query("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ? AND "
                        + "sequence_number = ?", rs -> rs.next() ? rs.getLong(1) : null,
                "intake:" + source, sourceSequence - 1);
    }

    private static JdbcTemplate jdbc() {
        return instance.getBean(JdbcTemplate.class);
    }

    @Test
    @Order(4)
    void aClientThatStopsReadingGetsOverflowAndIsDisconnectedWhileTheServiceServesOthersPromptly() {
        await().atMost(Duration.ofSeconds(10)).until(() -> clients.openStreams() == 0);
        ApiClient writer = ApiClient.of(instance);
        IntakeEvents intake = new IntakeEvents(instance.getBean(SourceStreams.class));
        String source = "slow-" + UUID.randomUUID().toString().substring(0, 8);
        String bulk = "{\"padding\":\"" + "x".repeat(64 * 1024) + "\"}";
        long overflowsBefore = clients.overflows();

        try (SseClient stalled = SseClient.openUnread(port, READER, "/api/stream?source=" + source);
             SseClient reading = SseClient.open(port, READER, "/api/stream?types=ProductRegistered")) {
            assertThat(stalled.status()).isEqualTo(200);
            // far more than the sockets buffer: the writer blocks, the buffer of two fills, the client overflows
            List<Long> appended = new ArrayList<>();
            for (int sequence = 1; sequence <= 1000 && clients.overflows() == overflowsBefore; sequence++) {
                appended.add(intake.append(IntakeEvents.accepted(source, sequence, IntakePriority.LOW, bulk))
                        .globalSequence());
            }
            await("the client that does not read overflows").atMost(Duration.ofSeconds(30))
                    .until(() -> clients.overflows() > overflowsBefore);

            long started = System.nanoTime();
            String sku = writer.registerProduct("feed-prompt", 1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a write while a client is stuck")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(reading.next().json().path("aggregateId").asString()).as("the reading client is served")
                    .isEqualTo(sku);

            stalled.startReading();
            List<SseClient.Message> received = stalled.until(message -> message.id() == null);
            SseClient.Message last = received.get(received.size() - 1);
            List<SseClient.Message> sent = received.subList(0, received.size() - 1);
            assertThat(last.event()).isEqualTo("overflow");
            assertThat(sent).as("what the sockets held (the reader may overflow before the writer sent anything)")
                    .allSatisfy(message -> assertThat(message.event()).isEqualTo("IntakeEventAccepted"));
            // resuming after lastEventId loses nothing and repeats nothing: everything sent lies at or before it,
            // every appended event not sent lies after it
            long resumeAfter = last.json().path("lastEventId").asLong();
            List<Long> sentPositions = sent.stream().map(SseClient.Message::position).toList();
            assertThat(sentPositions).as("sent, resume after %d", resumeAfter)
                    .allSatisfy(position -> assertThat(position).isLessThanOrEqualTo(resumeAfter));
            assertThat(appended.stream().filter(position -> !sentPositions.contains(position)).toList())
                    .as("not sent, resume after %d", resumeAfter).isNotEmpty()
                    .allSatisfy(position -> assertThat(position).isGreaterThan(resumeAfter));
            await("the stream ends after the overflow").atMost(Duration.ofSeconds(30)).until(stalled::ended);
            await("its place is free").atMost(Duration.ofSeconds(10)).until(() -> clients.openStreams() == 1);
        }
    }

    @Test
    @Order(5)
    void openStreamsEndWhenTheServiceStopsWithoutHoldingTheGracefulShutdown() {
        SseClient open = SseClient.open(port, READER, "/api/stream");
        assertThat(open.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> clients.openStreams() >= 1);

        long started = System.nanoTime();
        instance.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the graceful phase is 20 s")
                .isLessThan(Duration.ofSeconds(15));
        await().atMost(Duration.ofSeconds(10)).until(open::ended);
        open.close();
    }
}
