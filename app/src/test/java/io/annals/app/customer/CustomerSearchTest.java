package io.annals.app.customer;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static io.annals.app.test.ApiClient.encode;
import static io.annals.app.test.ApiClient.uniqueEmail;
import static io.annals.app.test.ApiClient.uniqueToken;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/customers/search?q=}: a case-insensitive substring of name or email, in which {@code %}, {@code _}
 * and {@code \} match themselves and everything else is data, never SQL. Each test finds its own customers by a
 * unique token, so other tests' customers never change its answers.
 */
@EndToEndTest
class CustomerSearchTest {

    private final ApiClient testSubject;

    CustomerSearchTest(@LocalServerPort int port) {
        testSubject = ApiClient.onPort(port);
    }

    // --- what matches ---

    @Test
    void aSubstringOfTheNameMatchesInAnyCase() {
        String token = uniqueToken();
        String hopper = visible("Grace Hopper " + token);
        visible("Grace Kelly " + token);

        assertThat(ids(search("HOPPER " + token.toUpperCase(Locale.ROOT)))).containsExactly(hopper);
        assertThat(ids(search("race h"))).contains(hopper);
    }

    @Test
    void aSubstringOfTheEmailMatchesInAnyCase() {
        String token = uniqueToken();
        String customerId = testSubject.registerCustomer("Navy." + token + "@Example.com", "Someone");
        testSubject.customerAtLeast(customerId, 0);

        assertThat(ids(search("Y." + token.toUpperCase(Locale.ROOT) + "@EXAMPLE"))).containsExactly(customerId);
    }

    @Test
    void theWholeEmailMatches() {
        String email = uniqueEmail("whole");
        String customerId = testSubject.registerCustomer(email, "Someone");
        testSubject.customerAtLeast(customerId, 0);

        assertThat(ids(search(email))).containsExactly(customerId);
    }

    @Test
    void aTextInNeitherNameNorEmailMatchesNothing() {
        String token = uniqueToken();
        visible("Alan Turing " + token);

        assertThat(search("Turing " + token + " Jr").path("items")).isEmpty();
        assertThat(search(token + "x").path("items")).isEmpty();
    }

    // --- awkward input ---

    @Test
    void aPercentSignMatchesOnlyItself() {
        String token = uniqueToken();
        String percent = visible(token + " 100% sure");
        visible(token + " 1000 sure");

        assertThat(ids(search(token + " 100%"))).containsExactly(percent);
        assertThat(ids(search(token + " 1%0"))).isEmpty();
    }

    @Test
    void anUnderscoreMatchesOnlyItself() {
        String token = uniqueToken();
        String underscore = visible(token + " snake_case");
        visible(token + " snakeXcase");

        assertThat(ids(search(token + " snake_case"))).containsExactly(underscore);
    }

    @Test
    void aBackslashMatchesOnlyItself() {
        String token = uniqueToken();
        String backslash = visible(token + " C:\\temp");
        visible(token + " C:temp");

        assertThat(ids(search(token + " C:\\temp"))).containsExactly(backslash);
        assertThat(ids(search(token + " C:\\"))).containsExactly(backslash);
        assertThat(ids(search(token + " C:\\%"))).isEmpty();
    }

    @Test
    void singleAndDoubleQuotesAreData() {
        String token = uniqueToken();
        String single = visible("O'Brien " + token);
        String dbl = visible("The \"Quoted\" " + token);

        assertThat(ids(search("o'brien " + token))).containsExactly(single);
        assertThat(ids(search("\"quoted\" " + token))).containsExactly(dbl);
        assertThat(ids(search("'" + token))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"' OR 1=1 --", "' OR '1'='1", "'; DROP TABLE customer_view; --", "\\' OR 1=1 --",
            "%' OR name LIKE '%", "$$", "');--"})
    void textThatLooksLikeSqlIsOnlyData(String q) {
        String token = uniqueToken();
        String sqlish = visible(token + " " + q);

        JsonNode page = search(q);

        assertThat(page.path("items")).allSatisfy(item -> assertThat(
                (item.path("name").asString() + "\n" + item.path("email").asString()).toLowerCase(Locale.ROOT))
                .contains(q.toLowerCase(Locale.ROOT)));
        assertThat(ids(search(token + " " + q))).containsExactly(sqlish);
        assertThat(testSubject.get("/api/customers?size=1").status()).as("the table is still there").isEqualTo(200);
    }

    @Test
    void lettersWithDiacriticsMatchInAnyCase() {
        String token = uniqueToken();
        String zoe = visible("Zoë " + token);
        String emile = visible("ÉMILE " + token);

        assertThat(ids(search("ZOË " + token))).containsExactly(zoe);
        assertThat(ids(search("zoë " + token))).containsExactly(zoe);
        assertThat(ids(search("émile " + token))).containsExactly(emile);
        assertThat(ids(search("zoe " + token))).as("ë is not e").isEmpty();
    }

    @Test
    void otherScriptsAndEmojiAreData() {
        String token = uniqueToken();
        String greek = visible("Σωκράτης " + token);
        String emoji = visible("Happy 😀 " + token);

        assertThat(ids(search("σωκράτης " + token))).containsExactly(greek);
        assertThat(ids(search("😀 " + token))).containsExactly(emoji);
    }

    // --- speed that lasts ---

    @Test
    void theTrigramIndexesKeepNoPendingListThatEverySearchWouldScan(@Autowired JdbcTemplate jdbc) {
        List<String> options = jdbc.queryForList("""
                SELECT array_to_string(c.reloptions, ',') FROM pg_class c
                WHERE c.relname IN ('customer_view_name_trgm_idx', 'customer_view_email_trgm_idx')""", String.class);

        assertThat(options).hasSize(2).allSatisfy(option -> assertThat(option).contains("fastupdate=off"));
    }

    @Test
    void aRareFragmentIsFoundExactlyAfterManyBroadSearches() {
        String token = uniqueToken();
        String rare = visible("Ada Lovelace " + token);
        // Enough executions of the same statement for the driver to prepare it on the server and for PostgreSQL
        // to consider a generic plan: the answers must not change when it does.
        for (int i = 0; i < 12; i++) {
            assertThat(testSubject.get("/api/customers/search?size=1&q=a").status()).isEqualTo(200);
        }

        assertThat(ids(search(token))).containsExactly(rare);
    }

    // --- q's length ---

    @Test
    void aMissingQueryIsRejected() {
        Answer answer = testSubject.get("/api/customers/search");

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("q");
    }

    @Test
    void anEmptyQueryIsRejected() {
        Answer answer = testSubject.get("/api/customers/search?q=");

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("q");
    }

    @Test
    void aQueryLongerThan100CharactersIsRejected() {
        Answer answer = testSubject.get("/api/customers/search?q=" + "x".repeat(101));

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("q");
    }

    @Test
    void aQueryOfExactly100CharactersIsAccepted() {
        String name = uniqueToken() + "y".repeat(84);
        String customerId = visible(name);

        assertThat(ids(search(name))).containsExactly(customerId);
    }

    @Test
    void aQueryOfOneCharacterIsAccepted() {
        assertThat(testSubject.get("/api/customers/search?q=a").status()).isEqualTo(200);
    }

    // --- paging and sorting ---

    @Test
    void searchResultsArePagedAndSortable() {
        String token = uniqueToken();
        String b = visible(token + " b");
        String c = visible(token + " c");
        String a = visible(token + " a");

        JsonNode first = search(token, "&size=2&sort=name,asc");
        JsonNode second = search(token, "&size=2&page=1&sort=name,asc");

        assertThat(ids(first)).containsExactly(a, b);
        assertThat(ids(second)).containsExactly(c);
        assertThat(first.path("totalItems").asLong()).isEqualTo(3);
        assertThat(first.path("totalPages").asInt()).isEqualTo(2);
        assertThat(first.path("size").asInt()).isEqualTo(2);
        assertThat(second.path("page").asInt()).isEqualTo(1);
        assertThat(ids(search(token, "&sort=name,desc"))).containsExactly(c, b, a);
        assertThat(ids(search(token, "&sort=createdAt"))).containsExactly(b, c, a);
        assertThat(search(token, "&page=9").path("items")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"size=0", "size=201", "page=-1", "sort=version"})
    void searchRejectsPagingOutOfRange(String parameter) {
        Answer answer = testSubject.get("/api/customers/search?q=a&" + parameter);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly(parameter.substring(0, parameter.indexOf('=')));
    }

    /** Registers a customer named {@code name} and waits until the read model shows it. */
    private String visible(String name) {
        String customerId = testSubject.registerCustomer(uniqueEmail("search"), name);
        testSubject.customerAtLeast(customerId, 0);
        return customerId;
    }

    private JsonNode search(String q) {
        return search(q, "");
    }

    private JsonNode search(String q, String more) {
        Answer answer = testSubject.get("/api/customers/search?q=" + encode(q) + more);
        assertThat(answer.status()).as("search %s: %s", q, answer.body()).isEqualTo(200);
        return answer.json();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("customerId").asString()));
        return ids;
    }
}
