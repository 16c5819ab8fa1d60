package io.annals.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * A thin, thread-safe HTTP client for the Annals API: HTTP/1.1 with keep-alive (the JDK client pools one connection
 * per concurrently busy thread), HTTP Basic, JSON bodies. Answers are returned whole; parsing is left to callers,
 * which keeps the hot loop free of anything the measurement does not need.
 */
public final class AnnalsClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI baseUrl;
    private final String authorization;
    private final Duration requestTimeout;

    public AnnalsClient(URI baseUrl, String user, String password, Duration requestTimeout) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        this.baseUrl = baseUrl;
        this.authorization = basic(user, password);
        this.requestTimeout = requestTimeout;
    }

    /**
     * @param retryAfter the {@code Retry-After} header as sent (429 and 503 answers), or empty
     */
    public record Answer(int status, String body, Optional<String> retryAfter) {

        public Answer(int status, String body) {
            this(status, body, Optional.empty());
        }

        public boolean isOk() {
            return status / 100 == 2;
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON (status " + status + "): " + body, e);
            }
        }
    }

    public Answer get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    /** A GET without credentials, e.g. {@code /actuator/health}. */
    public Answer getAnonymous(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(baseUrl.resolve(path)).timeout(requestTimeout).GET().build();
        return send(request);
    }

    public Answer post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /**
     * A POST of a JSON body that was serialized beforehand, so that a workload can build its request bodies before
     * the measured phase instead of spending the shared cores on JSON generation while it measures.
     */
    public Answer post(String path, byte[] json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build());
    }

    /** A GET as another user (e.g. a READER), over the same pooled connections. */
    public Answer get(String path, String user, String password) throws IOException, InterruptedException {
        return send(request(path).setHeader("Authorization", basic(user, password)).GET().build());
    }

    public Answer put(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A POST with {@code If-Match: "expectedVersion"}. */
    public Answer post(String path, String json, long expectedVersion) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .header("If-Match", "\"" + expectedVersion + "\"")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** The {@code Authorization} header's value, for clients other than this one (wrk). */
    public String authorization() {
        return authorization;
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(requestTimeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json");
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body(), response.headers().firstValue("Retry-After"));
    }
}
