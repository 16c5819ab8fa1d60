package io.annals.app.feed;

import io.annals.app.test.ApiClient;
import io.annals.app.test.Instances;
import io.annals.kernel.intake.IntakePriority;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import static io.annals.app.test.ApiClient.READER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live feed's bounds, on an instance of its own with small ones: two streams at most, a buffer of two events, a
 * keep-alive comment every 100 ms and a 2 s socket write timeout (so that a client that never reads is let go soon).
 * The last test stops the instance.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveFeedLimitsTest {

    private static ConfigurableApplicationContext instance;
    private static int port;
    private static FeedClients clients;

    @BeforeAll
    static void start() {
        instance = Instances.start("--annals.stream.max-clients=2", "--annals.stream.buffer-events=2",
                "--annals.stream.keep-alive-interval=100ms", "--server.tomcat.connection-timeout=2s");
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
    void aClientThatDoesNotReadOverflowsAndIsDroppedWhileTheServiceServesOthersPromptly() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> clients.openStreams() == 0);
        ApiClient writer = ApiClient.of(instance);
        IntakeEvents intake = new IntakeEvents(instance.getBean(EventStore.class));
        String source = "slow-" + UUID.randomUUID().toString().substring(0, 8);
        String bulk = "{\"padding\":\"" + "x".repeat(64 * 1024) + "\"}";
        long overflowsBefore = clients.overflows();

        try (Socket neverReads = new Socket();
             SseClient reading = SseClient.open(port, READER, "/api/stream?types=ProductRegistered")) {
            neverReads.setReceiveBufferSize(1024);
            neverReads.connect(new InetSocketAddress("localhost", port));
            OutputStream request = neverReads.getOutputStream();
            request.write(("GET /api/stream?source=" + source + " HTTP/1.1\r\nHost: localhost\r\nAccept: "
                    + "text/event-stream\r\nAuthorization: Basic " + Base64.getEncoder().encodeToString(
                    "reader:reader-pw".getBytes(StandardCharsets.UTF_8)) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> clients.openStreams() == 2);

            // far more than the socket buffers hold: the writer blocks, the buffer of two fills, the client overflows
            for (int sequence = 1; sequence <= 400 && clients.overflows() == overflowsBefore; sequence++) {
                intake.append(IntakeEvents.accepted(source, sequence, IntakePriority.LOW, bulk));
            }
            await("the client that does not read overflows").atMost(Duration.ofSeconds(30))
                    .until(() -> clients.overflows() > overflowsBefore);

            long started = System.nanoTime();
            String sku = writer.registerProduct("feed-prompt", 1);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("a write while a client is stuck")
                    .isLessThan(Duration.ofSeconds(5));
            assertThat(reading.next().json().path("aggregateId").asString()).as("the reading client is served")
                    .isEqualTo(sku);
            await("the stuck client is let go").atMost(Duration.ofSeconds(30))
                    .until(() -> clients.openStreams() == 1);
        }
    }

    @Test
    @Order(4)
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
