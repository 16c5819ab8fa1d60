package io.annals.app.product;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.PagedList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.annals.app.test.ApiClient.productJson;
import static io.annals.app.test.ApiClient.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

/** The products API of API.md, call by call. */
@EndToEndTest
class ProductApiTest {

    private final ApiClient testSubject;

    ProductApiTest(@LocalServerPort int port) {
        testSubject = ApiClient.onPort(port);
    }

    // --- create ---

    @Test
    void registeringAProductAnswers201WithSkuVersionLocationAndETag() {
        String sku = uniqueSku("create");

        Answer created = testSubject.post("/api/products", productJson(sku, "Teapot", 5, "12.50", "EUR"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        JsonNode body = created.json();
        assertThat(body.path("sku").asString()).isEqualTo(sku);
        assertThat(body.path("version").isIntegralNumber()).isTrue();
        assertThat(body.path("version").asLong()).isZero();
        assertThat(created.header("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/products/" + sku));
        assertThat(created.header("ETag")).hasValue("\"0\"");
    }

    @Test
    void registeringAnExistingSkuAnswers409AndWritesNothing() {
        String sku = testSubject.registerProduct("dup", 5);

        Answer duplicate = testSubject.post("/api/products", productJson(sku, "Other name", 99, "1.00", "USD"));

        duplicate.assertProblem(409);
        assertThat(testSubject.events(sku).json()).hasSize(1);
        JsonNode product = testSubject.productAtLeast(sku, 0);
        assertThat(product.path("name").asString()).isEqualTo("Product dup");
        assertThat(product.path("available").asLong()).isEqualTo(5);
    }

    @Test
    void unknownPropertiesInTheBodyAreIgnored() {
        String sku = uniqueSku("extra");

        Answer created = testSubject.post("/api/products", """
                {"sku": "%s", "name": "Teapot", "initialStock": 5, "colour": "blue",
                 "price": {"amount": "1.00", "currency": "EUR", "note": "x"}}""".formatted(sku));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
    }

    // --- restock ---

    @Test
    void restockingAnswers200WithTheNewVersionAndETag() {
        String sku = testSubject.registerProduct("restock", 5);

        Answer first = testSubject.restock(sku, 3);
        Answer second = testSubject.restock(sku, 4);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("sku").asString()).isEqualTo(sku);
        assertThat(first.json().path("version").asLong()).isEqualTo(1);
        assertThat(first.header("ETag")).hasValue("\"1\"");
        assertThat(second.json().path("version").asLong()).isEqualTo(2);
        assertThat(second.header("ETag")).hasValue("\"2\"");
        assertThat(testSubject.productAtLeast(sku, 2).path("available").asLong()).isEqualTo(12);
    }

    @Test
    void restockWithTheCurrentVersionInIfMatchSucceeds() {
        String sku = testSubject.registerProduct("ifmatch-ok", 5);

        Answer restocked = testSubject.restock(sku, 3, "If-Match", "\"0\"");

        assertThat(restocked.status()).isEqualTo(200);
        assertThat(restocked.header("ETag")).hasValue("\"1\"");
    }

    @Test
    void restockWithStaleVersionIsRejected() {
        String sku = testSubject.registerProduct("ifmatch-stale", 5);
        testSubject.restock(sku, 1);

        Answer stale = testSubject.restock(sku, 3, "If-Match", "\"0\"");

        JsonNode problem = stale.assertProblem(409);
        assertThat(problem.path("expectedVersion").asLong()).isZero();
        assertThat(problem.path("actualVersion").asLong()).isEqualTo(1);
        assertThat(testSubject.events(sku).json()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "\"zero\"", "\"-1\""})
    void restockWithAnIfMatchThatIsNotAStrongVersionTagIsRejected(String ifMatch) {
        String sku = testSubject.registerProduct("ifmatch-bad", 5);

        Answer answer = testSubject.restock(sku, 3, "If-Match", ifMatch);

        assertThat(answer.assertProblem(400).toString()).contains("If-Match");
        assertThat(testSubject.events(sku).json()).hasSize(1);
    }

    // --- get ---

    @Test
    void aProductReadsWithAllContractFields() {
        String sku = uniqueSku("get");
        testSubject.post("/api/products", productJson(sku, "Blue teapot", 7, "12.50", "EUR"));

        JsonNode product = testSubject.productAtLeast(sku, 0);

        assertThat(product.path("sku").asString()).isEqualTo(sku);
        assertThat(product.path("name").asString()).isEqualTo("Blue teapot");
        assertThat(product.path("price").path("amount").isString()).isTrue();
        assertThat(product.path("price").path("amount").asString()).isEqualTo("12.50");
        assertThat(product.path("price").path("currency").asString()).isEqualTo("EUR");
        assertThat(product.path("available").asLong()).isEqualTo(7);
        assertThat(product.path("reserved").isIntegralNumber()).isTrue();
        assertThat(product.path("reserved").asLong()).isZero();
        assertThat(product.path("version").asLong()).isZero();
    }

    @ParameterizedTest
    @CsvSource({"12.5, EUR, 12.50", "7, USD, 7.00", "0, EUR, 0.00", "0.10, EUR, 0.10", "1200, JPY, 1200"})
    void amountsAreEchoedAtTheCurrencyScale(String sent, String currency, String echoed) {
        String sku = uniqueSku("scale");
        Answer created = testSubject.post("/api/products", productJson(sku, "Scaled", 1, sent, currency));
        assertThat(created.status()).as(created.body()).isEqualTo(201);

        JsonNode price = testSubject.productAtLeast(sku, 0).path("price");

        assertThat(price.path("amount").asString()).isEqualTo(echoed);
        assertThat(price.path("currency").asString()).isEqualTo(currency);
    }

    @Test
    void anUnknownSkuIsNotFound() {
        testSubject.get("/api/products/" + uniqueSku("nobody")).assertProblem(404);
    }

    @Test
    void restockingAnUnknownSkuIsNotFoundAndWritesNothing() {
        String sku = uniqueSku("nobody");

        testSubject.restock(sku, 5).assertProblem(404);

        testSubject.events(sku).assertProblem(404);
    }

    // --- list ---

    @Test
    void theListAnswersAPageWithItsPagingFields() {
        testSubject.registerProduct("page", 5);

        JsonNode page = list("?page=0&size=2");

        assertThat(page.path("page").asInt()).isZero();
        assertThat(page.path("size").asInt()).isEqualTo(2);
        long totalItems = page.path("totalItems").asLong();
        assertThat(totalItems).isPositive();
        assertThat(page.path("totalPages").asLong()).isEqualTo((totalItems + 1) / 2);
        assertThat(page.path("items").size()).isBetween(1, 2);
        JsonNode item = page.path("items").get(0);
        assertThat(item.propertyNames()).contains("sku", "name", "price", "available", "reserved", "version");
    }

    @Test
    void theListDefaultsToPageZeroOfTwenty() {
        JsonNode page = list("");

        assertThat(page.path("page").asInt()).isZero();
        assertThat(page.path("size").asInt()).isEqualTo(20);
    }

    @Test
    void everyRegisteredProductIsListedInSkuOrder() {
        String prefix = uniqueSku("order");
        List<String> skus = List.of(prefix + "-a", prefix + "-b", prefix + "-c");
        for (String sku : reversed(skus)) {
            assertThat(testSubject.post("/api/products", productJson(sku, "Ordered", 50, "1.00", "EUR")).status())
                    .isEqualTo(201);
        }
        skus.forEach(sku -> testSubject.productAtLeast(sku, 0));

        List<String> listed = allSkus("sort=sku,asc");

        assertThat(listed).containsSubsequence(skus);
        assertThat(allSkus("sort=sku,desc")).containsSubsequence(reversed(skus));
    }

    @Test
    void sortingByAvailableOrdersTheItems() {
        testSubject.registerProduct("few", 1);
        testSubject.registerProduct("many", 1_000_000);

        assertThat(availables(list("?size=200&sort=available,asc"))).isSorted();
        assertThat(reversed(availables(list("?size=200&sort=available,desc")))).isSorted();
    }

    @Test
    void sortingByNameOrdersTheItems() {
        String prefix = uniqueSku("name");
        for (String suffix : List.of("b", "a")) {
            String sku = uniqueSku("named");
            testSubject.post("/api/products", productJson(sku, prefix + " " + suffix, 50, "1.00", "EUR"));
            testSubject.productAtLeast(sku, 0);
        }

        List<String> names = allItems("sort=name,desc").stream().map(item -> item.path("name").asString()).toList();

        assertThat(names).containsSubsequence(prefix + " b", prefix + " a");
    }

    @Test
    void aPagePastTheEndIsEmpty() {
        testSubject.registerProduct("end", 5);
        long totalPages = list("?size=1").path("totalPages").asLong();

        JsonNode beyond = list("?size=1&page=" + (totalPages + 10));

        assertThat(beyond.path("items").isArray()).isTrue();
        assertThat(beyond.path("items")).isEmpty();
        assertThat(beyond.path("page").asLong()).isEqualTo(totalPages + 10);
    }

    @ParameterizedTest
    @ValueSource(strings = {"size=0", "size=201", "size=-1", "size=ten", "page=-1", "page=x"})
    void pagingParametersOutOfRangeAreRejected(String parameter) {
        Answer answer = testSubject.get("/api/products?" + parameter);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly(parameter.substring(0, parameter.indexOf('=')));
    }

    @Test
    void theLargestPageSizeIsAccepted() {
        assertThat(list("?size=200").path("size").asInt()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"price", "reserved", "version", "sku,sideways", "sku,asc,name"})
    void sortingByAnythingButSkuNameOrAvailableIsRejected(String sort) {
        Answer answer = testSubject.get("/api/products?sort=" + sort);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("sort");
    }

    @Test
    void lowStockListsExactlyTheProductsWithFewerThanTenAvailable() {
        String nine = testSubject.registerProduct("low", 9);
        String ten = testSubject.registerProduct("enough", 10);
        testSubject.productAtLeast(nine, 0);
        testSubject.productAtLeast(ten, 0);

        List<JsonNode> lowStock = allItems("lowStock=true");

        assertThat(lowStock).allSatisfy(item -> assertThat(item.path("available").asLong()).isLessThan(10));
        assertThat(lowStock).extracting(item -> item.path("sku").asString()).contains(nine).doesNotContain(ten);
    }

    @Test
    void lowStockFalseListsEveryProduct() {
        String ten = testSubject.registerProduct("plenty", 10);
        testSubject.productAtLeast(ten, 0);

        assertThat(allItems("lowStock=false")).extracting(item -> item.path("sku").asString()).contains(ten);
    }

    private JsonNode list(String query) {
        return PagedList.page(testSubject, "/api/products" + query);
    }

    private List<JsonNode> allItems(String query) {
        return PagedList.all(testSubject, "/api/products", query);
    }

    private List<String> allSkus(String query) {
        return allItems(query).stream().map(item -> item.path("sku").asString()).toList();
    }

    private static List<Long> availables(JsonNode page) {
        List<Long> availables = new ArrayList<>();
        page.path("items").forEach(item -> availables.add(item.path("available").asLong()));
        return availables;
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }
}
