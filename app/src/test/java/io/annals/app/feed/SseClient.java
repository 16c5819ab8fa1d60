package io.annals.app.feed;

import io.annals.app.test.ApiClient;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A Server-Sent Events client for the tests of {@code GET /api/stream}: reads the stream on a thread of its own and
 * hands out its messages (comments counted apart); a non-200 answer keeps its body.
 */
final class SseClient implements AutoCloseable {

    /** One SSE message; {@code id} is null when the message had none. */
    record Message(String id, String event, String data) {

        long position() {
            return Long.parseLong(id);
        }

        JsonNode json() {
            return ApiClient.parse(data);
        }
    }

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private static final Message END = new Message(null, "end-of-stream", "");

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Message> messages = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private final String body;

    private SseClient(HttpResponse<InputStream> response, boolean readNow) throws IOException {
        this.response = response;
        if (response.statusCode() != 200) {
            try (InputStream in = response.body()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            return;
        }
        body = null;
        if (readNow) {
            startReading();
        }
    }

    /** Reads the stream from now on (a client opened by {@link #openUnread} reads nothing before). */
    void startReading() {
        Thread reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code path} (with its query) as {@code credentials} (null: none); {@code headers} are name/value pairs. */
    static SseClient open(int port, ApiClient.Credentials credentials, String path, String... headers) {
        return open(true, port, credentials, path, headers);
    }

    /** Opens {@code path} like {@link #open} but reads nothing until {@link #startReading()}. */
    static SseClient openUnread(int port, ApiClient.Credentials credentials, String path) {
        return open(false, port, credentials, path);
    }

    private static SseClient open(boolean readNow, int port, ApiClient.Credentials credentials, String path,
                                  String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", "text/event-stream").GET();
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (credentials.user() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8)));
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()), readNow);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    String header(String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    /** The body of a non-200 answer, parsed. */
    JsonNode problem() {
        return ApiClient.parse(body);
    }

    int comments() {
        return comments.get();
    }

    /** Whether the server ended the stream. */
    boolean ended() {
        return ended.get();
    }

    /** The next message; fails the test if none comes within {@link #WAIT}. */
    Message next() {
        try {
            Message next = messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (next == null || next == END) {
                fail(next == null ? "no message within " + WAIT : "the stream ended");
            }
            return next;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The messages up to and including the first that {@code last} accepts. */
    List<Message> until(Predicate<Message> last) {
        List<Message> received = new ArrayList<>();
        Message next;
        do {
            next = next();
            received.add(next);
        } while (!last.test(next));
        return received;
    }

    /** The next {@code count} messages that {@code wanted} accepts (others are skipped). */
    List<Message> next(int count, Predicate<Message> wanted) {
        List<Message> received = new ArrayList<>();
        while (received.size() < count) {
            Message next = next();
            if (wanted.test(next)) {
                received.add(next);
            }
        }
        return received;
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null || event != null) {
                        messages.add(new Message(id, event, data == null ? "" : data.toString()));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    String part = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                    data = data == null ? new StringBuilder(part) : data.append('\n').append(part);
                }
            }
        } catch (IOException closed) {
            // the test closed the stream, or the server dropped the connection
        } finally {
            ended.set(true);
            messages.add(END);
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    /** Asserts a 400 problem naming {@code field}. */
    void assertInvalid(String field) {
        assertThat(status()).as(body).isEqualTo(400);
        assertThat(header("Content-Type")).startsWith(ApiClient.PROBLEM_JSON);
        assertThat(problem().path("errors").get(0).path("field").asString()).as(body).isEqualTo(field);
    }
}
