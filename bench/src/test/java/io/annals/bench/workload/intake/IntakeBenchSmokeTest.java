package io.annals.bench.workload.intake;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.annals.bench.load.AnnalsClient;
import io.annals.bench.load.Options;
import io.annals.bench.load.PhaseRunner;
import io.annals.bench.load.ProcessCpu;
import io.annals.bench.load.Report;
import io.annals.bench.load.WorkloadContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both workloads end to end over HTTP against {@link FakeIntakeService} behind the JDK's HTTP server: a service that
 * keeps the contract must pass every check, also when it answers some posts with 429.
 */
class IntakeBenchSmokeTest {

    private final FakeIntakeService service = new FakeIntakeService();
    private final AtomicInteger posts = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private URI start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/api/intake/events", this::events);
        server.createContext("/api/intake/sources/", exchange -> {
            String source = exchange.getRequestURI().getPath().substring("/api/intake/sources/".length());
            Optional<String> view = service.sourceView(source);
            respond(exchange, view.isPresent() ? 200 : 404, view.orElse("{}"));
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void events(HttpExchange exchange) throws IOException {
        if ("GET".equals(exchange.getRequestMethod())) {
            String query = exchange.getRequestURI().getQuery();
            String source = query.replaceAll(".*source=([^&]*).*", "$1");
            respond(exchange, 200, service.listing(source, 200));
            return;
        }
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (posts.incrementAndGet() % 5 == 0) {
            exchange.getResponseHeaders().add("Retry-After", "0");
            respond(exchange, 429, "{}");
            return;
        }
        respond(exchange, 202, service.post(body).body());
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private Report run(String workload, IntakeScenario scenario, String... args) throws Exception {
        URI baseUrl = start();
        Options options = Options.parse(args);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Report report = new Report(new PrintStream(printed, true, StandardCharsets.UTF_8));
        WorkloadContext context = new WorkloadContext(workload, options,
                new AnnalsClient(baseUrl, "writer", "writer-pw", options.requestTimeout()), "t1", new PhaseRunner(),
                report, ProcessCpu.locate(OptionalLong.empty(), List.of(), baseUrl.getPort()));
        new IntakeBench(context, scenario, Duration.ofSeconds(20)).run();
        report.summary();
        assertThat(report.allChecksPassed()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("CHECK ok", "enrichment: read model complete");
        return report;
    }

    @Test
    void batchesAgainstAServiceThatKeepsTheContractPassEveryCheck() throws Exception {
        run(new IntakeWorkload().name(), IntakeWorkload.SCENARIO, "--clients", "2", "--products", "7", "--operations", "12", "--warmup", "2");

        assertThat(posts.get()).isGreaterThanOrEqualTo(14);
    }

    @Test
    void singleEventsAgainstAServiceThatKeepsTheContractPassEveryCheck() throws Exception {
        run(new IntakeSingleWorkload().name(), IntakeSingleWorkload.SCENARIO, "--clients", "4", "--products", "5", "--operations", "300", "--warmup", "20");

        assertThat(service.accepted("bench-t1-intake-single-s-user-000")).isPositive();
    }
}
