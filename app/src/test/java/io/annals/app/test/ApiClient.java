package io.annals.app.test;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A small HTTP client for the running service, speaking the contract of API.md: HTTP Basic as one of the demo users,
 * JSON bodies as text (so tests can send exactly the malformed JSON they mean), answers parsed with Jackson.
 * Immutable; {@link #as} gives a client for another user.
 */
public final class ApiClient {

    public record Credentials(String user, String password) {
        String basicHeader() {
            return "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        }
    }

    public static final Credentials READER = new Credentials("reader", "reader-pw");
    public static final Credentials WRITER = new Credentials("writer", "writer-pw");
    public static final Credentials ADMIN = new Credentials("admin", "admin-pw");

    public static final String PROBLEM_JSON = "application/problem+json";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration WORKFLOW_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final Credentials credentials;

    private ApiClient(URI base, Credentials credentials) {
        this.base = base;
        this.credentials = credentials;
    }

    /** A client for the service on {@code localhost:port}, calling as the demo {@code writer}. */
    public static ApiClient onPort(int port) {
        return new ApiClient(URI.create("http://localhost:" + port), WRITER);
    }

    /** A client for an instance a test started itself (e.g. with {@code SpringApplicationBuilder}). */
    public static ApiClient of(ApplicationContext context) {
        return onPort(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    public ApiClient as(Credentials other) {
        return new ApiClient(base, other);
    }

    public ApiClient anonymous() {
        return new ApiClient(base, null);
    }

    /** The text of {@code /actuator/prometheus}, read as ADMIN. */
    public String prometheus() {
        Answer scrape = as(ADMIN).get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        return scrape.body();
    }

    /**
     * A Prometheus sample's value from {@code /actuator/prometheus} (read as ADMIN), summed over the series of
     * {@code meter} that carry every given label; 0 before the first.
     *
     * @param labels name/value pairs
     */
    public double metric(String meter, String... labels) {
        List<String> wanted = new ArrayList<>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            wanted.add(labels[i] + "=\"" + labels[i + 1] + "\"");
        }
        return prometheus().lines()
                .filter(line -> line.startsWith(meter + "{") || line.startsWith(meter + " "))
                .filter(line -> wanted.stream().allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    // --- plain HTTP ---

    /** {@code headers} are name/value pairs. */
    public Answer get(String path, String... headers) {
        return send("GET", path, BodyPublishers.noBody(), headers);
    }

    /** POSTs {@code json} as {@code application/json} unless {@code headers} name another Content-Type. */
    public Answer post(String path, String json, String... headers) {
        return send("POST", path, BodyPublishers.ofString(json), withJsonContentType(headers));
    }

    /** PUTs {@code json} as {@code application/json}. */
    public Answer put(String path, String json, String... headers) {
        return send("PUT", path, BodyPublishers.ofString(json), withJsonContentType(headers));
    }

    public Answer delete(String path, String... headers) {
        return send("DELETE", path, BodyPublishers.noBody(), headers);
    }

    public Answer send(String method, String path, BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .method(method, body);
        if (credentials != null) {
            request.header("Authorization", credentials.basicHeader());
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            var response = HTTP.send(request.build(), BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + path + " interrupted", e);
        }
    }

    private static String[] withJsonContentType(String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Content-Type")) {
                return headers;
            }
        }
        List<String> all = new ArrayList<>(List.of(headers));
        all.add("Content-Type");
        all.add("application/json");
        return all.toArray(String[]::new);
    }

    // --- products ---

    /** A sku no other test uses: {@code label} plus a random suffix, within the 64-character limit. */
    public static String uniqueSku(String label) {
        return label + "-" + randomSuffix();
    }

    public static String productJson(String sku, String name, long initialStock, String amount, String currency) {
        return """
                {"sku": "%s", "name": "%s", "initialStock": %d, "price": {"amount": "%s", "currency": "%s"}}"""
                .formatted(sku, name, initialStock, amount, currency);
    }

    /** Registers a product with a unique sku and returns the sku; fails the test unless the answer is 201. */
    public String registerProduct(String label, long initialStock) {
        String sku = uniqueSku(label);
        Answer created = post("/api/products", productJson(sku, "Product " + label, initialStock, "9.99", "EUR"));
        assertThat(created.status()).as("register %s: %s", sku, created.body()).isEqualTo(201);
        return sku;
    }

    public Answer restock(String sku, long quantity, String... headers) {
        return post("/api/products/" + sku + "/restock", "{\"quantity\": " + quantity + "}", headers);
    }

    /**
     * The product's view once the read model has reached {@code minVersion}, via {@code ?minVersion=}. A 503 (not
     * caught up within the short test consistency timeout) is retried, as the contract tells clients to.
     */
    public JsonNode productAtLeast(String sku, long minVersion) {
        return viewAtLeast("/api/products/" + sku, minVersion);
    }

    /**
     * Waits until the product's view shows exactly {@code available} and {@code reserved} (the fulfilment workflow
     * and the projection move them on their own), and fails the test if it does not within the catch-up timeout.
     */
    public void awaitStock(String sku, long available, long reserved) {
        await(sku + " at " + available + " available, " + reserved + " reserved")
                .atMost(CATCH_UP_TIMEOUT)
                .untilAsserted(() -> {
                    JsonNode product = get("/api/products/" + sku).json();
                    assertThat(product.path("available").asLong()).as(product.toString()).isEqualTo(available);
                    assertThat(product.path("reserved").asLong()).as(product.toString()).isEqualTo(reserved);
                });
    }

    /** The product's events from the event store (consistent at once, unlike the read model). */
    public Answer events(String sku) {
        return get("/api/products/" + sku + "/events");
    }

    // --- read-your-writes, for every kind ---

    /**
     * The single-entity GET at {@code path} with {@code ?minVersion=}, repeated while it answers 503 (the read model
     * has not caught up within the test consistency timeout), as the contract tells clients to. Any other answer is
     * returned: 200 with a view at that version or later, or e.g. 404 for an entity deleted at that version.
     */
    public Answer caughtUp(String path, long minVersion) {
        return await(path + " at version >= " + minVersion)
                .atMost(CATCH_UP_TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> get(path + "?minVersion=" + minVersion), a -> a.status() != 503);
    }

    /** The view at {@code path} at {@code minVersion} or later; fails the test unless it answers 200. */
    public JsonNode viewAtLeast(String path, long minVersion) {
        Answer answer = caughtUp(path, minVersion);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** The events of any entity ({@code kind} = customers, products, orders) from the event store. */
    public Answer events(String kind, String id) {
        return get("/api/" + kind + "/" + id + "/events");
    }

    /** A query parameter value, URL-encoded. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    // --- customers ---

    /** An email no other test uses: {@code label} plus a random suffix. */
    public static String uniqueEmail(String label) {
        return label + "-" + randomSuffix() + "@example.com";
    }

    /** A word no other test uses, to find exactly one test's customers by name or search. */
    public static String uniqueToken() {
        return randomSuffix();
    }

    public static String customerJson(String email, String name) {
        return JSON.createObjectNode().put("email", email).put("name", name).toString();
    }

    /** Registers a customer and returns its id; fails the test unless the answer is 201. */
    public String registerCustomer(String email, String name) {
        Answer created = post("/api/customers", customerJson(email, name));
        assertThat(created.status()).as("register %s: %s", email, created.body()).isEqualTo(201);
        return created.json().path("customerId").asString();
    }

    /** Registers a customer with a unique email, and waits until the read model shows it. */
    public String registerVisibleCustomer(String label) {
        String customerId = registerCustomer(uniqueEmail(label), "Customer " + label);
        customerAtLeast(customerId, 0);
        return customerId;
    }

    public JsonNode customerAtLeast(String customerId, long minVersion) {
        return viewAtLeast("/api/customers/" + customerId, minVersion);
    }

    // --- orders ---

    /** A shipping address every field of which is valid. */
    public static final String ADDRESS = """
            {"line1": "1 Analytical Way", "city": "London", "postalCode": "NW1 6XE", "country": "GB"}""";

    public static String line(String sku, int quantity, String amount, String currency) {
        return """
                {"sku": "%s", "quantity": %d, "unitPrice": {"amount": "%s", "currency": "%s"}}"""
                .formatted(sku, quantity, amount, currency);
    }

    /** An order body with {@link #ADDRESS} and the given lines (JSON objects, see {@link #line}). */
    public static String orderJson(String customerId, String customerEmail, String... lines) {
        return orderBody(customerId, customerEmail, "[" + String.join(", ", lines) + "]", ADDRESS);
    }

    /** An order body from its parts as JSON text: {@code linesArray} is a JSON array, {@code address} an object. */
    public static String orderBody(String customerId, String customerEmail, String linesArray, String address) {
        return """
                {"customerId": "%s", "customerEmail": "%s", "lines": %s, "shippingAddress": %s}"""
                .formatted(customerId, customerEmail, linesArray, address);
    }

    /** Places an order of one line (of a sku no product has) for the customer and returns its id. */
    public String placeOrder(String customerId) {
        return placeOrder(customerId, line("TEA-1", 2, "3.50", "EUR"));
    }

    public Answer cancelOrder(String orderId, String reason, String... headers) {
        return post("/api/orders/" + orderId + "/cancel", JSON.createObjectNode().put("reason", reason).toString(),
                headers);
    }

    /** Places an order with {@link #ADDRESS}; fails the test unless the answer is 201; returns the order id. */
    public String placeOrder(String customerId, String... lines) {
        Answer placed = post("/api/orders", orderJson(customerId, "buyer@example.com", lines));
        assertThat(placed.status()).as("place order: %s", placed.body()).isEqualTo(201);
        return placed.json().path("orderId").asString();
    }

    /**
     * Places an order of one line of a new product and waits until its stock is reserved: with payments held
     * ({@link SandboxProviders#holdPayments()}) the order then stays STOCK_RESERVED (version 1), cancellable by the customer.
     */
    public String placeOrderAwaitingPayment(String customerId) {
        String sku = registerProduct("HELD", 1_000);
        String orderId = placeOrder(customerId, line(sku, 2, "3.50", "EUR"));
        orderReaching(orderId, "STOCK_RESERVED");
        return orderId;
    }

    /** The order's view once the fulfilment workflow has brought it to one of {@code statuses}. */
    public JsonNode orderReaching(String orderId, String... statuses) {
        List<String> wanted = List.of(statuses);
        return await("order " + orderId + " reaching " + wanted)
                .atMost(WORKFLOW_TIMEOUT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> get("/api/orders/" + orderId),
                        a -> a.status() == 200 && wanted.contains(a.json().path("status").asString()))
                .json();
    }

    public JsonNode orderAtLeast(String orderId, long minVersion) {
        return viewAtLeast("/api/orders/" + orderId, minVersion);
    }

    private static String randomSuffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    /** The projection's entry in {@code GET /api/admin/projections}, asked as ADMIN. */
    public JsonNode projection(String name) {
        Answer answer = as(ADMIN).get("/api/admin/projections");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        for (JsonNode projection : answer.json()) {
            if (projection.path("name").asString().equals(name)) {
                return projection;
            }
        }
        throw new AssertionError("no projection " + name + " in " + answer.body());
    }

    public static JsonNode parse(String json) {
        return JSON.readTree(json);
    }

    /** One HTTP answer. */
    public record Answer(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return parse(body);
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        public String contentType() {
            return header("Content-Type").orElse("");
        }

        /**
         * Asserts an RFC 9457 problem with this status, and returns its body. Checks the media type, the members
         * every Annals problem has, and that nothing internal leaks.
         */
        public JsonNode assertProblem(int expectedStatus) {
            assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
            assertThat(contentType()).as("content type of a %d", expectedStatus).startsWith(PROBLEM_JSON);
            JsonNode problem = json();
            assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
            assertThat(problem.path("type").isString()).as("type in %s", body).isTrue();
            assertThat(problem.path("title").isString()).as("title in %s", body).isTrue();
            assertThat(problem.path("detail").isString()).as("detail in %s", body).isTrue();
            assertThat(body).doesNotContain("Exception", "\tat ", "SQL", "select ", "insert ");
            return problem;
        }

        /** The {@code errors[].field} of a validation problem. */
        public List<String> errorFields() {
            List<String> fields = new ArrayList<>();
            json().path("errors").forEach(error -> fields.add(error.path("field").asString()));
            return fields;
        }
    }
}
