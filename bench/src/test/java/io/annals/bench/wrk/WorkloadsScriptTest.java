package io.annals.bench.wrk;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bench/wrk/workloads.lua under a real wrk (.ci/run installs wrk where it is missing; without it the test fails), against a stub that answers by
 * sku: the script's requests and its machine-readable counts are what WrkBench relies on.
 */
class WorkloadsScriptTest {

    private static final Path SCRIPT = Path.of("wrk/workloads.lua");

    private HttpServer server;
    private final Set<String> requests = ConcurrentHashMap.newKeySet();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.incrementAndGet();
            requests.add(exchange.getRequestMethod() + " " + path + " " + body);
            if (!"Basic d3JpdGVyOndyaXRlci1wdw==".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                unauthorized.incrementAndGet();
            }
            // sku 1 is a conflict, sku 2 unknown, sku 3 a server error, the rest fine
            int status = path.contains("-000001") ? 409 : path.contains("-000002") ? 404
                    : path.contains("-000003") ? 500 : exchange.getRequestMethod().equals("GET") ? 200 : 201;
            byte[] answer = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    @Test
    void restockSpreadsOverTheProductsAndCountsEachKindOfAnswer() throws Exception {
        WrkResult result = wrk("restock", "annals", "p", "5");

        assertThat(result.workload()).isEqualTo("restock");
        assertThat(result.target()).isEqualTo("annals");
        assertThat(requests).containsExactlyInAnyOrderElementsOf(List.of(0, 1, 2, 3, 4).stream()
                .map(i -> "POST /api/products/p-00000" + i + "/restock {\"quantity\":1}").toList());
        assertThat(unauthorized).hasValue(0);
        assertThat(result.ok()).isPositive();
        assertThat(result.conflicts()).isPositive();
        assertThat(result.clientErrors()).isPositive();
        assertThat(result.serverErrors()).isPositive();
        assertThat(result.ok() + result.conflicts() + result.clientErrors() + result.serverErrors())
                .isEqualTo(result.requests());
        assertThat(result.latency().p50()).isPositive().isLessThanOrEqualTo(result.latency().p999());
    }

    @Test
    void createsSendFreshSkusWithAPriceOnlyToAnnals() throws Exception {
        WrkResult vanilla = wrk("create", "vanilla", "run-v", "1");
        assertThat(vanilla.ok()).isEqualTo(vanilla.requests()).isPositive();
        // every request a new sku; the server may have seen a few more than wrk counted: those in flight at its stop
        assertThat((long) requests.size()).isEqualTo(received.get()).isBetween(vanilla.requests(), vanilla.requests() + 4);
        assertThat(requests).allSatisfy(request -> assertThat(request)
                .startsWith("POST /api/products {\"sku\":\"run-v-t").doesNotContain("price"));

        requests.clear();
        WrkResult annals = wrk("create", "annals", "run-a", "1");
        assertThat(annals.ok()).isPositive();
        assertThat(requests).allSatisfy(request -> assertThat(request).contains("\"price\":{"));
    }

    private WrkResult wrk(String... scriptArgs) throws Exception {
        assertThat(Files.isExecutable(Path.of("/usr/bin/wrk")))
                .as("wrk is not installed: apt-get install -y wrk (.ci/run does it)").isTrue();
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/wrk", "-t", "2", "-c", "4", "-d", "1s",
                "-H", "Authorization: Basic d3JpdGVyOndyaXRlci1wdw==", "-s", SCRIPT.toString(),
                "http://127.0.0.1:" + server.getAddress().getPort(), "--"));
        command.addAll(List.of(scriptArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(output).isZero();
        return WrkResult.find(output).orElseThrow(() -> new AssertionError("no result line in " + output));
    }
}
