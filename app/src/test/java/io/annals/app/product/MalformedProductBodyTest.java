package io.annals.app.product;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.kernel.product.ProductLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static io.annals.app.test.ApiClient.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Bad bodies (API.md "malformed body" and "no type coercion"): each is a 400 problem naming the offending field as a
 * JSON path, and nothing is written, which the event store (consistent at once) confirms.
 */
@EndToEndTest
class MalformedProductBodyTest {

    private static final long ONE_MEBIBYTE = 1024 * 1024;

    private final ApiClient testSubject;

    MalformedProductBodyTest(@LocalServerPort int port) {
        testSubject = ApiClient.onPort(port);
    }

    /** A registration body for {@code %1$s} (the sku) with one field spoiled; and the field the answer must name. */
    static Stream<Arguments> spoiledRegistrations() {
        String price = "\"price\": {\"amount\": \"12.50\", \"currency\": \"EUR\"}";
        return Stream.of(
                arguments("a value that is no JSON", """
                        {"sku": "%1$s", "name": "n", "initialStock": 1x, PRICE}""", "initialStock"),
                arguments("a nested value that is no JSON", """
                        {"sku": "%1$s", "name": "n", "initialStock": 10, "price": {"amount": "1.00", "currency": EUR}}""",
                        "price.currency"),
                arguments("a string that never ends", """
                        {"sku": "%1$s", "initialStock": 10, PRICE, "name": "n""", "name"),
                arguments("a string for a number", """
                        {"sku": "%1$s", "name": "n", "initialStock": "10", PRICE}""", "initialStock"),
                arguments("a fraction for an integer", """
                        {"sku": "%1$s", "name": "n", "initialStock": 1.5, PRICE}""", "initialStock"),
                arguments("a boolean for an integer", """
                        {"sku": "%1$s", "name": "n", "initialStock": true, PRICE}""", "initialStock"),
                arguments("a negative initial stock", """
                        {"sku": "%1$s", "name": "n", "initialStock": -1, PRICE}""", "initialStock"),
                arguments("a number for a string", """
                        {"sku": "%1$s", "name": 5, "initialStock": 10, PRICE}""", "name"),
                arguments("an object for a string", """
                        {"sku": "%1$s", "name": {"text": "n"}, "initialStock": 10, PRICE}""", "name"),
                arguments("an array for a string", """
                        {"sku": "%1$s", "name": ["n"], "initialStock": 10, PRICE}""", "name"),
                arguments("a string for an object", """
                        {"sku": "%1$s", "name": "n", "initialStock": 10, "price": "12.50 EUR"}""", "price"),
                arguments("a missing name", """
                        {"sku": "%1$s", "initialStock": 10, PRICE}""", "name"),
                arguments("a blank name", """
                        {"sku": "%1$s", "name": " ", "initialStock": 10, PRICE}""", "name"),
                arguments("a name one longer than the limit", """
                        {"sku": "%1$s", "name": "NAME_TOO_LONG", "initialStock": 10, PRICE}""", "name"),
                arguments("an initial stock one above the limit", """
                        {"sku": "%1$s", "name": "n", "initialStock": STOCK_TOO_LARGE, PRICE}""", "initialStock"),
                arguments("a missing initial stock", """
                        {"sku": "%1$s", "name": "n", PRICE}""", "initialStock"),
                arguments("a null initial stock", """
                        {"sku": "%1$s", "name": "n", "initialStock": null, PRICE}""", "initialStock"),
                arguments("a missing price", """
                        {"sku": "%1$s", "name": "n", "initialStock": 10}""", "price"),
                arguments("a missing currency", """
                        {"sku": "%1$s", "name": "n", "initialStock": 10, "price": {"amount": "1.00"}}""",
                        "price.currency"),
                arguments("a missing amount", """
                        {"sku": "%1$s", "name": "n", "initialStock": 10, "price": {"currency": "EUR"}}""",
                        "price.amount"),
                arguments("an amount as a JSON number", """
                        {"sku": "%1$s", "name": "n", "initialStock": 10, "price": {"amount": 12.5, "currency": "EUR"}}""",
                        "price.amount"),
                arguments("three decimals for EUR", """
                        {"sku": "%1$s", "name": "n", "initialStock": 10, "price": {"amount": "1.234", "currency": "EUR"}}""",
                        "price.amount"),
                arguments("decimals for JPY", """
                        {"sku": "%1$s", "name": "n", "initialStock": 10, "price": {"amount": "5.5", "currency": "JPY"}}""",
                        "price.amount"),
                arguments("a negative amount", """
                        {"sku": "%1$s", "name": "n", "initialStock": 10, "price": {"amount": "-1.00", "currency": "EUR"}}""",
                        "price.amount"),
                arguments("an amount that is no number", """
                        {"sku": "%1$s", "name": "n", "initialStock": 10, "price": {"amount": "ten", "currency": "EUR"}}""",
                        "price.amount"),
                arguments("an unknown currency", """
                        {"sku": "%1$s", "name": "n", "initialStock": 10, "price": {"amount": "1.00", "currency": "XXY"}}""",
                        "price.currency"),
                arguments("a lower-case currency", """
                        {"sku": "%1$s", "name": "n", "initialStock": 10, "price": {"amount": "1.00", "currency": "eur"}}""",
                        "price.currency"))
                .map(arguments -> arguments(arguments.get()[0],
                        ((String) arguments.get()[1]).replace("PRICE", price)
                                .replace("NAME_TOO_LONG", "n".repeat(ProductLimits.MAX_NAME_LENGTH + 1))
                                .replace("STOCK_TOO_LARGE", String.valueOf(ProductLimits.MAX_INITIAL_STOCK + 1)),
                        arguments.get()[2]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spoiledRegistrations")
    void aSpoiledRegistrationIsRejectedNamingTheFieldAndWritesNothing(String spoiled, String body, String field) {
        String sku = uniqueSku("spoiled");

        Answer answer = testSubject.post("/api/products", body.formatted(sku));

        answer.assertProblem(400);
        assertThat(answer.errorFields()).as(answer.body()).contains(field);
        testSubject.events(sku).assertProblem(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"5", "{\"code\": \"X\"}"})
    void aSkuThatIsNoStringIsRejectedNamingTheSku(String sku) {
        Answer answer = testSubject.post("/api/products", """
                {"sku": %s, "name": "n", "initialStock": 10, "price": {"amount": "1.00", "currency": "EUR"}}"""
                .formatted(sku));

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("sku");
        testSubject.events("5").assertProblem(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"has space", "semi;colon", "a-sku-of-sixty-five-characters-is-one-too-long-0123456789abcdefgh"})
    void anInvalidSkuIsRejectedNamingTheSku(String sku) {
        Answer answer = testSubject.post("/api/products", ApiClient.productJson(sku, "n", 10, "1.00", "EUR"));

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("sku");
    }

    @Test
    void anEmptyObjectIsRejectedNamingEveryRequiredField() {
        Answer answer = testSubject.post("/api/products", "{}");

        answer.assertProblem(400);
        assertThat(answer.errorFields()).contains("sku", "name", "initialStock", "price");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json at all", "{\"sku\": ", "", "[]", "null"})
    void aBodyThatIsNoJsonObjectIsRejected(String body) {
        testSubject.post("/api/products", body).assertProblem(400);
    }

    @Test
    void invalidJsonWritesNothing() {
        String sku = uniqueSku("truncated");

        testSubject.post("/api/products", "{\"sku\": \"" + sku + "\", \"name\": \"n\", \"initialStock\": 10,")
                .assertProblem(400);

        testSubject.events(sku).assertProblem(404);
    }

    // --- restock ---

    @ParameterizedTest
    @ValueSource(strings = {"0", "1000001", "-5", "\"5\"", "2.5", "null", "{}"})
    void aRestockWithAnInvalidQuantityIsRejectedAndLeavesTheStockUnchanged(String quantity) {
        String sku = testSubject.registerProduct("bad-restock", 10);

        Answer answer = testSubject.post("/api/products/" + sku + "/restock", "{\"quantity\": " + quantity + "}");

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("quantity");
        assertThat(testSubject.events(sku).json()).hasSize(1);
        assertThat(testSubject.productAtLeast(sku, 0).path("available").asLong()).isEqualTo(10);
    }

    @Test
    void aRestockWhoseQuantityIsNoJsonIsRejectedNamingTheQuantity() {
        String sku = testSubject.registerProduct("unparsable-restock", 10);

        Answer answer = testSubject.post("/api/products/" + sku + "/restock", "{\"quantity\": 5five}");

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("quantity");
        assertThat(testSubject.events(sku).json()).hasSize(1);
    }

    @Test
    void aRestockWithoutQuantityIsRejected() {
        String sku = testSubject.registerProduct("no-quantity", 10);

        Answer answer = testSubject.post("/api/products/" + sku + "/restock", "{}");

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("quantity");
        assertThat(testSubject.events(sku).json()).hasSize(1);
    }

    // --- size ---

    @Test
    void aBodyOverOneMebibyteIsRefusedWith413() {
        String sku = uniqueSku("huge");

        Answer answer = testSubject.post("/api/products", oversizedRegistration(sku));

        answer.assertProblem(413);
        testSubject.events(sku).assertProblem(404);
    }

    @Test
    void aChunkedBodyOverOneMebibyteIsRefusedWith413() {
        String sku = uniqueSku("huge-chunked");
        byte[] body = oversizedRegistration(sku).getBytes(StandardCharsets.UTF_8);

        Answer answer = testSubject.send("POST", "/api/products",
                BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)),
                "Content-Type", "application/json");

        answer.assertProblem(413);
        testSubject.events(sku).assertProblem(404);
    }

    @Test
    void aBodyJustUnderOneMebibyteIsAccepted() {
        String sku = uniqueSku("large");
        String body = ApiClient.productJson(sku, "n", 10, "1.00", "EUR");
        String padded = body.substring(0, body.length() - 1) + ", \"padding\": \"%s\"}";
        int padding = (int) ONE_MEBIBYTE - padded.length() + 2;

        Answer answer = testSubject.post("/api/products", padded.formatted("x".repeat(padding)));

        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    }

    /** A valid registration padded with an ignored property to just over 1 MiB. */
    private static String oversizedRegistration(String sku) {
        String body = ApiClient.productJson(sku, "n", 10, "1.00", "EUR");
        return body.substring(0, body.length() - 1) + ", \"padding\": \"" + "x".repeat((int) ONE_MEBIBYTE) + "\"}";
    }
}
