package io.annals.app.product;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.PagedList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.annals.app.test.ApiClient.productJson;
import static io.annals.app.test.ApiClient.uniqueSku;
import static io.annals.app.test.ApiClient.uniqueToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The product list of API.md beyond {@link ProductApiTest}: the order of every sort with its ties, paging through
 * {@code lowStock}, the totals on a page past the end, and list items that read exactly as the single read. Other
 * tests add products to the same database, so these look only at their own products' relative order, and compare
 * totals across requests only within a retry that waits for two consecutive answers to agree.
 */
@EndToEndTest
class ProductListTest {

    private static final Duration SETTLED = Duration.ofSeconds(20);

    private final ApiClient testSubject;

    ProductListTest(@LocalServerPort int port) {
        testSubject = ApiClient.onPort(port);
    }

    /**
     * Four products a..d, registered last to first (so insertion order is no accidental tie-breaker), with two pairs of
     * equal names and one pair of equal stock: ties are always broken by sku ascending, whichever way the field goes.
     */
    @ParameterizedTest
    @CsvSource({"sku,asc, abcd", "sku,desc, dcba", "name,asc, bdac", "name,desc, acbd",
            "available,asc, bdac", "available,desc, acdb"})
    void everySortFieldOrdersBothWaysWithTiesInSkuOrder(String field, String direction, String expectedOrder) {
        String prefix = uniqueSku("sorted");
        String name = "Sorted " + uniqueToken();
        register(prefix + "-d", name + " x", 7_000_002);
        register(prefix + "-c", name + " y", 7_000_003);
        register(prefix + "-b", name + " x", 7_000_001);
        register(prefix + "-a", name + " y", 7_000_003);

        List<String> mine = allSkus("sort=" + field + "," + direction).stream()
                .filter(sku -> sku.startsWith(prefix + "-"))
                .toList();

        List<String> expected = expectedOrder.chars().mapToObj(letter -> prefix + "-" + (char) letter).toList();
        assertThat(mine).containsExactlyElementsOf(expected);
    }

    @Test
    void lowStockPagesFollowEachOtherInSkuOrder() {
        String nine = testSubject.registerProduct("low-paged", 9);
        String zero = testSubject.registerProduct("low-paged", 0);
        String ten = testSubject.registerProduct("low-paged", 10);
        List.of(nine, zero, ten).forEach(sku -> testSubject.productAtLeast(sku, 0));

        await().atMost(SETTLED).untilAsserted(() -> {
            JsonNode first = list("?lowStock=true&size=2&page=0");
            JsonNode second = list("?lowStock=true&size=2&page=1");
            List<String> all = allSkus("lowStock=true");

            long totalItems = first.path("totalItems").asLong();
            assertThat(totalItems).isEqualTo(all.size());
            assertThat(second.path("totalItems").asLong()).isEqualTo(totalItems);
            assertThat(first.path("totalPages").asLong()).isEqualTo((totalItems + 1) / 2);
            assertThat(first.path("size").asInt()).isEqualTo(2);
            assertThat(second.path("page").asInt()).isEqualTo(1);
            List<String> paged = new ArrayList<>(skus(first.path("items")));
            paged.addAll(skus(second.path("items")));
            assertThat(paged).isEqualTo(all.subList(0, Math.min(4, all.size())));
        });
        List<JsonNode> lowStock = allItems("lowStock=true");
        assertThat(lowStock).allSatisfy(item -> assertThat(item.path("available").asLong()).isLessThan(10));
        assertThat(skus(lowStock)).contains(nine, zero).doesNotContain(ten).doesNotHaveDuplicates();
    }

    @Test
    void theLastLowStockPageHoldsTheRemainder() {
        // at least one full page of low stock, so the total is counted, and a product only an unfiltered count finds
        testSubject.productAtLeast(testSubject.registerProduct("low-last", 3), 0);
        testSubject.productAtLeast(testSubject.registerProduct("low-last", 4), 0);
        testSubject.productAtLeast(testSubject.registerProduct("plenty-last", 10), 0);

        await().atMost(SETTLED).untilAsserted(() -> {
            JsonNode first = list("?lowStock=true&size=2");
            long totalItems = first.path("totalItems").asLong();
            int totalPages = first.path("totalPages").asInt();

            JsonNode last = list("?lowStock=true&size=2&page=" + (totalPages - 1));

            assertThat(last.path("totalItems").asLong()).isEqualTo(totalItems);
            assertThat(last.path("totalPages").asInt()).isEqualTo(totalPages);
            assertThat(last.path("items").size()).isEqualTo((int) (totalItems - 2L * (totalPages - 1)));
        });
    }

    @ParameterizedTest
    @CsvSource({"''", "lowStock=true&", "'sort=name,desc&'", "'sort=available,asc&'"})
    void aPagePastTheEndIsEmptyWithTheTotalsOfTheFirst(String query) {
        testSubject.productAtLeast(testSubject.registerProduct("past-end", 4), 0);

        await().atMost(SETTLED).untilAsserted(() -> {
            JsonNode first = list("?" + query + "size=3");
            int totalPages = first.path("totalPages").asInt();

            JsonNode atTheEnd = list("?" + query + "size=3&page=" + totalPages);
            JsonNode farBeyond = list("?" + query + "size=3&page=" + (totalPages + 50));

            for (JsonNode beyond : List.of(atTheEnd, farBeyond)) {
                assertThat(beyond.path("items").isArray()).isTrue();
                assertThat(beyond.path("items")).isEmpty();
                assertThat(beyond.path("size").asInt()).isEqualTo(3);
                assertThat(beyond.path("totalItems").asLong()).isEqualTo(first.path("totalItems").asLong());
                assertThat(beyond.path("totalPages").asInt()).isEqualTo(totalPages);
            }
        });
    }

    /** The largest page number there is, at the largest size: an offset beyond any 32-bit count. */
    @Test
    void theLastPossiblePageIsEmptyToo() {
        testSubject.productAtLeast(testSubject.registerProduct("last-page", 1), 0);

        JsonNode beyond = list("?page=2147483647&size=200");

        assertThat(beyond.path("items")).isEmpty();
        assertThat(beyond.path("page").asInt()).isEqualTo(Integer.MAX_VALUE);
        assertThat(beyond.path("totalItems").asLong()).isPositive();
    }

    @Test
    void aListedProductReadsExactlyAsItsSingleRead() {
        String name = "Listed " + uniqueToken();
        String euros = uniqueSku("listed");
        String yen = uniqueSku("listed");
        register(euros, name, 12, "12.5", "EUR");
        register(yen, name, 1, "1200", "JPY");
        testSubject.restock(euros, 3);
        testSubject.productAtLeast(euros, 1);

        List<JsonNode> listed = allItems("sort=name,asc").stream()
                .filter(item -> item.path("name").asString().equals(name))
                .toList();

        assertThat(listed).extracting(item -> item.path("sku").asString()).containsExactlyInAnyOrder(euros, yen);
        for (JsonNode item : listed) {
            Answer single = testSubject.get("/api/products/" + item.path("sku").asString());
            assertThat(item.toString()).isEqualTo(single.json().toString());
        }
    }

    private void register(String sku, String name, long stock) {
        register(sku, name, stock, "1.00", "EUR");
    }

    private void register(String sku, String name, long stock, String amount, String currency) {
        Answer created = testSubject.post("/api/products", productJson(sku, name, stock, amount, currency));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        testSubject.productAtLeast(sku, 0);
    }

    private JsonNode list(String query) {
        return PagedList.page(testSubject, "/api/products" + query);
    }

    private List<JsonNode> allItems(String query) {
        return PagedList.all(testSubject, "/api/products", query);
    }

    private List<String> allSkus(String query) {
        return skus(allItems(query));
    }

    private static List<String> skus(Iterable<JsonNode> items) {
        List<String> skus = new ArrayList<>();
        items.forEach(item -> skus.add(item.path("sku").asString()));
        return skus;
    }
}
