package io.annals.app.customer;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.kernel.customer.CustomerLimits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.annals.app.test.ApiClient.customerJson;
import static io.annals.app.test.ApiClient.encode;
import static io.annals.app.test.ApiClient.uniqueEmail;
import static io.annals.app.test.ApiClient.uniqueToken;
import static org.assertj.core.api.Assertions.assertThat;

/** The customers API of API.md, call by call: register, update, delete, get and list. */
@EndToEndTest
class CustomerApiTest {

    private final ApiClient testSubject;

    CustomerApiTest(@LocalServerPort int port) {
        testSubject = ApiClient.onPort(port);
    }

    // --- register ---

    @Test
    void registeringACustomerAnswers201WithIdVersionLocationAndETag() {
        Answer created = testSubject.post("/api/customers", customerJson(uniqueEmail("create"), "Ada"));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        String customerId = created.json().path("customerId").asString();
        assertThat(UUID.fromString(customerId).toString()).isEqualTo(customerId);
        assertThat(created.json().path("version").isIntegralNumber()).isTrue();
        assertThat(created.json().path("version").asLong()).isZero();
        assertThat(created.header("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/customers/" + customerId));
        assertThat(created.header("ETag")).hasValue("\"0\"");
    }

    @Test
    void aCustomerReadsWithAllContractFieldsAndItsEmailExactlyAsGiven() {
        String email = "Mixed.Case-" + uniqueToken() + "@Example.COM";
        String customerId = testSubject.registerCustomer(email, "Ada Lovelace");

        Answer answer = testSubject.caughtUp("/api/customers/" + customerId, 0);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.header("ETag")).hasValue("\"0\"");
        JsonNode customer = answer.json();
        assertThat(customer.path("customerId").asString()).isEqualTo(customerId);
        assertThat(customer.path("email").asString()).isEqualTo(email);
        assertThat(customer.path("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(customer.path("version").asLong()).isZero();
        assertThat(customer.path("createdAt").asString()).endsWith("Z");
        assertThat(customer.path("updatedAt").asString()).isEqualTo(customer.path("createdAt").asString());
        assertThat(Instant.parse(customer.path("createdAt").asString())).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void registeringAnEmailThatDiffersOnlyInCaseFromALiveCustomersIsAConflictAndWritesNothing() {
        String email = uniqueEmail("dup");
        String first = testSubject.registerCustomer(email, "First");
        testSubject.customerAtLeast(first, 0);

        Answer duplicate = testSubject.post("/api/customers", customerJson(email.toUpperCase(), "Second"));

        duplicate.assertProblem(409);
        assertThat(ids(list("?email=" + encode(email)))).containsExactly(first);
        assertThat(list("?name=Second&email=" + encode(email)).path("totalItems").asLong()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no-at-sign", "two@@example.com", "no-dot@example", "spa ce@example.com"})
    void registeringWithAnInvalidEmailIsRejectedNamingTheField(String email) {
        Answer answer = testSubject.post("/api/customers", customerJson(email, "Ada"));

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"name\": \"Ada\"}", "{\"email\": 42, \"name\": \"Ada\"}",
            "{\"email\": null, \"name\": \"Ada\"}"})
    void registeringWithoutAnEmailStringIsRejectedNamingTheField(String body) {
        Answer answer = testSubject.post("/api/customers", body);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("email");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void registeringWithABlankNameIsRejectedNamingTheField(String name) {
        String email = uniqueEmail("blank-name");

        Answer answer = testSubject.post("/api/customers", customerJson(email, name));

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("name");
        assertThat(testSubject.post("/api/customers", customerJson(email, "Ada")).status())
                .as("the email stayed free").isEqualTo(201);
    }

    @Test
    void registeringWithAnEmailLongerThanTheLimitIsRejectedNamingTheField() {
        String email = uniqueEmail("long");
        email = "a".repeat(CustomerLimits.MAX_EMAIL_LENGTH + 1 - email.length()) + email;

        Answer answer = testSubject.post("/api/customers", customerJson(email, "Ada"));

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("email");
    }

    @Test
    void registeringWithANameLongerThanTheLimitIsRejectedNamingTheField() {
        String email = uniqueEmail("long-name");

        Answer answer = testSubject.post("/api/customers",
                customerJson(email, "n".repeat(CustomerLimits.MAX_NAME_LENGTH + 1)));

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("name");
        assertThat(testSubject.post("/api/customers", customerJson(email, "Ada")).status())
                .as("the email stayed free").isEqualTo(201);
    }

    @Test
    void registeringWithoutANameIsRejectedNamingTheField() {
        Answer answer = testSubject.post("/api/customers", "{\"email\": \"" + uniqueEmail("no-name") + "\"}");

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("name");
    }

    // --- get ---

    @Test
    void anUnknownCustomerIsNotFound() {
        testSubject.get("/api/customers/" + UUID.randomUUID()).assertProblem(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-uuid", "123", "3f1c1e4e-7d1a-4f55-9a55-0c7f7f1d2a1"})
    void anIdThatIsNoUuidIsNotFoundForEveryVerb(String id) {
        testSubject.get("/api/customers/" + id).assertProblem(404);
        testSubject.put("/api/customers/" + id, "{\"name\": \"Ada\"}").assertProblem(404);
        testSubject.delete("/api/customers/" + id).assertProblem(404);
    }

    // --- update ---

    @Test
    void updatingTheEmailAnswers200WithTheNewVersionAndKeepsTheName() {
        String customerId = testSubject.registerCustomer(uniqueEmail("before"), "Ada");
        JsonNode before = testSubject.customerAtLeast(customerId, 0);
        String newEmail = uniqueEmail("after");

        Answer updated = testSubject.put("/api/customers/" + customerId, "{\"email\": \"" + newEmail + "\"}");

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("customerId").asString()).isEqualTo(customerId);
        assertThat(updated.json().path("version").asLong()).isEqualTo(1);
        assertThat(updated.header("ETag")).hasValue("\"1\"");
        JsonNode after = testSubject.customerAtLeast(customerId, 1);
        assertThat(after.path("email").asString()).isEqualTo(newEmail);
        assertThat(after.path("name").asString()).isEqualTo("Ada");
        assertThat(after.path("version").asLong()).isEqualTo(1);
        assertThat(after.path("createdAt")).isEqualTo(before.path("createdAt"));
        assertThat(Instant.parse(after.path("updatedAt").asString()))
                .isAfter(Instant.parse(before.path("updatedAt").asString()));
    }

    @Test
    void updatingTheNameKeepsTheEmail() {
        String email = uniqueEmail("rename");
        String customerId = testSubject.registerCustomer(email, "Ada");

        Answer updated = testSubject.put("/api/customers/" + customerId, "{\"name\": \"Augusta Ada King\"}");

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        JsonNode after = testSubject.customerAtLeast(customerId, 1);
        assertThat(after.path("email").asString()).isEqualTo(email);
        assertThat(after.path("name").asString()).isEqualTo("Augusta Ada King");
    }

    @Test
    void updatingEmailAndNameTogetherWritesOneEvent() {
        String customerId = testSubject.registerCustomer(uniqueEmail("both"), "Ada");
        String newEmail = uniqueEmail("both-after");

        Answer updated = testSubject.put("/api/customers/" + customerId,
                customerJson(newEmail, "Augusta Ada King"));

        assertThat(updated.json().path("version").asLong()).isEqualTo(1);
        assertThat(testSubject.events("customers", customerId).json()).hasSize(2);
        JsonNode after = testSubject.customerAtLeast(customerId, 1);
        assertThat(after.path("email").asString()).isEqualTo(newEmail);
        assertThat(after.path("name").asString()).isEqualTo("Augusta Ada King");
    }

    @Test
    void anUpdateThatChangesNothingKeepsTheVersionAndWritesNothing() {
        String email = uniqueEmail("same");
        String customerId = testSubject.registerCustomer(email, "Ada");

        Answer updated = testSubject.put("/api/customers/" + customerId, customerJson(email, "Ada"));

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("version").asLong()).isZero();
        assertThat(updated.header("ETag")).hasValue("\"0\"");
        assertThat(testSubject.events("customers", customerId).json()).hasSize(1);
    }

    @Test
    void changingOnlyTheCaseOfTheOwnEmailIsAllowed() {
        String email = uniqueEmail("case");
        String customerId = testSubject.registerCustomer(email, "Ada");

        Answer updated = testSubject.put("/api/customers/" + customerId,
                "{\"email\": \"" + email.toUpperCase() + "\"}");

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().path("version").asLong()).isEqualTo(1);
        assertThat(testSubject.customerAtLeast(customerId, 1).path("email").asString())
                .isEqualTo(email.toUpperCase());
    }

    @Test
    void anUpdateWithoutEmailOrNameIsRejected() {
        String customerId = testSubject.registerCustomer(uniqueEmail("empty-update"), "Ada");

        testSubject.put("/api/customers/" + customerId, "{}").assertProblem(400);

        assertThat(testSubject.events("customers", customerId).json()).hasSize(1);
    }

    @Test
    void updatingWithAnInvalidEmailIsRejectedNamingTheField() {
        String customerId = testSubject.registerCustomer(uniqueEmail("bad-update"), "Ada");

        Answer answer = testSubject.put("/api/customers/" + customerId, "{\"email\": \"not-an-email\"}");

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("email");
        assertThat(testSubject.events("customers", customerId).json()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void updatingToABlankNameIsRejectedNamingTheField(String name) {
        String customerId = testSubject.registerCustomer(uniqueEmail("blank-rename"), "Ada");

        Answer answer = testSubject.put("/api/customers/" + customerId, "{\"name\": \"" + name + "\"}");

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsOnly("name");
        assertThat(testSubject.events("customers", customerId).json()).hasSize(1);
    }

    @Test
    void updatingToAnotherLiveCustomersEmailIsAConflictAndWritesNothing() {
        String taken = uniqueEmail("taken");
        testSubject.registerCustomer(taken, "Owner");
        String email = uniqueEmail("mover");
        String customerId = testSubject.registerCustomer(email, "Mover");

        Answer answer = testSubject.put("/api/customers/" + customerId,
                "{\"email\": \"" + taken.toUpperCase() + "\", \"name\": \"Renamed\"}");

        answer.assertProblem(409);
        assertThat(testSubject.events("customers", customerId).json()).hasSize(1);
        JsonNode customer = testSubject.customerAtLeast(customerId, 0);
        assertThat(customer.path("email").asString()).isEqualTo(email);
        assertThat(customer.path("name").asString()).isEqualTo("Mover");
    }

    @Test
    void anUpdateFreesTheOldEmail() {
        String old = uniqueEmail("old");
        String customerId = testSubject.registerCustomer(old, "Ada");
        testSubject.put("/api/customers/" + customerId, "{\"email\": \"" + uniqueEmail("new") + "\"}");

        assertThat(testSubject.post("/api/customers", customerJson(old, "Someone else")).status()).isEqualTo(201);
    }

    @Test
    void updatingWithTheCurrentVersionInIfMatchSucceeds() {
        String customerId = testSubject.registerCustomer(uniqueEmail("ifmatch"), "Ada");
        testSubject.put("/api/customers/" + customerId, "{\"name\": \"Ada 1\"}");

        Answer updated = testSubject.put("/api/customers/" + customerId, "{\"name\": \"Ada 2\"}", "If-Match", "\"1\"");

        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.header("ETag")).hasValue("\"2\"");
    }

    @Test
    void updatingWithAStaleIfMatchIsRejectedWithBothVersionsAndWritesNothing() {
        String customerId = testSubject.registerCustomer(uniqueEmail("stale"), "Ada");
        testSubject.put("/api/customers/" + customerId, "{\"name\": \"Ada 1\"}");

        Answer answer = testSubject.put("/api/customers/" + customerId, "{\"name\": \"Ada 2\"}", "If-Match", "\"0\"");

        JsonNode problem = answer.assertProblem(409);
        assertThat(problem.path("expectedVersion").asLong()).isZero();
        assertThat(problem.path("actualVersion").asLong()).isEqualTo(1);
        assertThat(testSubject.events("customers", customerId).json()).hasSize(2);
        assertThat(testSubject.customerAtLeast(customerId, 1).path("name").asString()).isEqualTo("Ada 1");
    }

    @Test
    void updatingAnUnknownCustomerIsNotFound() {
        testSubject.put("/api/customers/" + UUID.randomUUID(), "{\"name\": \"Ada\"}").assertProblem(404);
    }

    // --- delete ---

    @Test
    void deletingAnswers200AndTheCustomerLeavesGetListAndSearch() {
        String token = uniqueToken();
        String email = uniqueEmail("delete");
        String customerId = testSubject.registerCustomer(email, "Doomed " + token);
        testSubject.customerAtLeast(customerId, 0);
        assertThat(ids(list("?email=" + encode(email)))).containsExactly(customerId);

        Answer deleted = testSubject.delete("/api/customers/" + customerId);

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().path("customerId").asString()).isEqualTo(customerId);
        assertThat(deleted.json().path("version").asLong()).isEqualTo(1);
        assertThat(deleted.header("ETag")).hasValue("\"1\"");
        testSubject.caughtUp("/api/customers/" + customerId, 1).assertProblem(404);
        testSubject.get("/api/customers/" + customerId).assertProblem(404);
        assertThat(list("?email=" + encode(email)).path("items")).isEmpty();
        assertThat(list("?name=" + encode("Doomed " + token)).path("totalItems").asLong()).isZero();
        assertThat(ids(allPages(""))).doesNotContain(customerId);
        assertThat(testSubject.get("/api/customers/search?q=" + token).json().path("items")).isEmpty();
    }

    @Test
    void aDeletedCustomersEventsAndStateStayReadable() {
        String email = uniqueEmail("history");
        String customerId = testSubject.registerCustomer(email, "Ada");
        testSubject.delete("/api/customers/" + customerId);

        Answer events = testSubject.events("customers", customerId);
        Answer state = testSubject.get("/api/customers/" + customerId + "/state?atVersion=0");

        assertThat(events.status()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        events.json().forEach(event -> types.add(event.path("type").asString()));
        assertThat(types).containsExactly("CustomerRegistered", "CustomerDeleted");
        assertThat(state.status()).as(state.body()).isEqualTo(200);
        assertThat(state.json().path("email").asString()).isEqualTo(email);
        assertThat(testSubject.get("/api/customers/" + customerId + "/state?atVersion=1").status()).isEqualTo(200);
    }

    @Test
    void updatingOrDeletingADeletedCustomerIsNotFoundAndWritesNothing() {
        String customerId = testSubject.registerCustomer(uniqueEmail("gone"), "Ada");
        testSubject.delete("/api/customers/" + customerId);

        testSubject.put("/api/customers/" + customerId, "{\"name\": \"Lazarus\"}").assertProblem(404);
        testSubject.delete("/api/customers/" + customerId).assertProblem(404);

        assertThat(testSubject.events("customers", customerId).json()).hasSize(2);
    }

    @Test
    void deletingWithAStaleIfMatchIsRejectedAndTheCustomerStays() {
        String customerId = testSubject.registerCustomer(uniqueEmail("keep"), "Ada");
        testSubject.put("/api/customers/" + customerId, "{\"name\": \"Ada 1\"}");

        JsonNode problem = testSubject.delete("/api/customers/" + customerId, "If-Match", "\"0\"").assertProblem(409);

        assertThat(problem.path("expectedVersion").asLong()).isZero();
        assertThat(problem.path("actualVersion").asLong()).isEqualTo(1);
        assertThat(testSubject.customerAtLeast(customerId, 1).path("name").asString()).isEqualTo("Ada 1");
    }

    @Test
    void deletingWithTheCurrentIfMatchSucceeds() {
        String customerId = testSubject.registerCustomer(uniqueEmail("delete-ifmatch"), "Ada");

        Answer deleted = testSubject.delete("/api/customers/" + customerId, "If-Match", "\"0\"");

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.header("ETag")).hasValue("\"1\"");
    }

    @Test
    void deletingAnUnknownCustomerIsNotFound() {
        testSubject.delete("/api/customers/" + UUID.randomUUID()).assertProblem(404);
    }

    // --- list: filters ---

    @Test
    void theEmailFilterIsAnExactMatchThatIgnoresCase() {
        String token = uniqueToken();
        String email = "filter." + token + "@example.com";
        String customerId = testSubject.registerCustomer(email, "Ada");
        testSubject.registerCustomer("other.filter." + token + "@example.com", "Ada");
        testSubject.customerAtLeast(customerId, 0);

        assertThat(ids(list("?email=" + encode("FILTER." + token + "@Example.com")))).containsExactly(customerId);
        assertThat(list("?email=" + encode(token + "@example.com")).path("items")).as("no substring match").isEmpty();
        assertThat(list("?email=" + encode("filter." + token)).path("items")).isEmpty();
    }

    @Test
    void theNameFilterIsAnExactCaseSensitiveMatch() {
        String token = uniqueToken();
        String upper = testSubject.registerCustomer(uniqueEmail("upper"), "Ann " + token);
        String lower = testSubject.registerCustomer(uniqueEmail("lower"), "ann " + token);
        testSubject.registerCustomer(uniqueEmail("longer"), "Ann " + token + " Smith");
        testSubject.customerAtLeast(upper, 0);
        testSubject.customerAtLeast(lower, 0);

        assertThat(ids(list("?name=" + encode("Ann " + token)))).containsExactly(upper);
        assertThat(ids(list("?name=" + encode("ann " + token)))).containsExactly(lower);
        assertThat(list("?name=" + encode("ANN " + token)).path("items")).isEmpty();
    }

    @Test
    void theEmailAndNameFiltersCombine() {
        String name = "Both " + uniqueToken();
        String email = uniqueEmail("both-filters");
        String customerId = testSubject.registerCustomer(email, name);
        testSubject.customerAtLeast(testSubject.registerCustomer(uniqueEmail("same-name"), name), 0);
        testSubject.customerAtLeast(customerId, 0);

        assertThat(ids(list("?name=" + encode(name) + "&email=" + encode(email)))).containsExactly(customerId);
        assertThat(list("?name=" + encode(name + "x") + "&email=" + encode(email)).path("items")).isEmpty();
    }

    @Test
    void aListAnswersThePageShape() {
        String name = "Shape " + uniqueToken();
        List<String> registered = registerNamed(name, "c", "a", "b");

        JsonNode first = list("?size=2&name=" + encode(name));
        JsonNode second = list("?size=2&page=1&name=" + encode(name));

        assertThat(first.path("page").asInt()).isZero();
        assertThat(first.path("size").asInt()).isEqualTo(2);
        assertThat(first.path("totalItems").asLong()).isEqualTo(3);
        assertThat(first.path("totalPages").asInt()).isEqualTo(2);
        assertThat(first.path("items")).hasSize(2);
        assertThat(second.path("page").asInt()).isEqualTo(1);
        assertThat(second.path("items")).hasSize(1);
        List<String> both = new ArrayList<>(ids(first));
        both.addAll(ids(second));
        assertThat(both).containsExactlyInAnyOrderElementsOf(registered);
        JsonNode item = first.path("items").get(0);
        assertThat(item.has("customerId") && item.has("email") && item.has("name") && item.has("version")
                && item.has("createdAt") && item.has("updatedAt")).as(item.toString()).isTrue();
    }

    // --- list: sorting ---

    @Test
    void theDefaultSortIsByEmailAscending() {
        String name = "Default " + uniqueToken();
        List<String> registered = registerNamed(name, "c", "a", "b");

        assertThat(ids(list("?name=" + encode(name))))
                .containsExactly(registered.get(1), registered.get(2), registered.get(0));
    }

    @Test
    void sortingByEmailOrdersTheItems() {
        String name = "Email sort " + uniqueToken();
        List<String> registered = registerNamed(name, "b", "c", "a");

        assertThat(ids(list("?sort=email,asc&name=" + encode(name))))
                .containsExactly(registered.get(2), registered.get(0), registered.get(1));
        assertThat(ids(list("?sort=email,desc&name=" + encode(name))))
                .containsExactly(registered.get(1), registered.get(0), registered.get(2));
    }

    @Test
    void sortingByCreatedAtOrdersTheItemsByRegistration() {
        String name = "Created sort " + uniqueToken();
        List<String> registered = registerNamed(name, "b", "c", "a");

        assertThat(ids(list("?sort=createdAt&name=" + encode(name)))).containsExactlyElementsOf(registered);
        assertThat(ids(list("?sort=createdAt,desc&name=" + encode(name))))
                .containsExactly(registered.get(2), registered.get(1), registered.get(0));
    }

    @Test
    void sortingByNameOrdersTheItems() {
        String token = uniqueToken();
        List<String> names = List.of(token + " b", token + " c", token + " a");
        for (String name : names) {
            testSubject.customerAtLeast(testSubject.registerCustomer(uniqueEmail("named"), name), 0);
        }

        assertThat(names(allPages("sort=name,asc"))).containsSubsequence(token + " a", token + " b", token + " c");
        assertThat(names(allPages("sort=name,desc"))).containsSubsequence(token + " c", token + " b", token + " a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"version", "customerId", "updatedAt", "emailKey", "email,sideways", "email,asc,name"})
    void sortingByAnythingButEmailNameOrCreatedAtIsRejected(String sort) {
        Answer answer = testSubject.get("/api/customers?sort=" + sort);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly("sort");
    }

    // --- list: paging ---

    @ParameterizedTest
    @ValueSource(strings = {"size=0", "size=201", "size=-1", "page=-1", "page=first"})
    void pagingParametersOutOfRangeAreRejected(String parameter) {
        Answer answer = testSubject.get("/api/customers?" + parameter);

        answer.assertProblem(400);
        assertThat(answer.errorFields()).containsExactly(parameter.substring(0, parameter.indexOf('=')));
    }

    @Test
    void theSmallestAndLargestPageSizesAreAccepted() {
        testSubject.registerVisibleCustomer("page-size");

        assertThat(list("?size=1").path("items")).hasSize(1);
        assertThat(list("?size=200").path("size").asInt()).isEqualTo(200);
    }

    @Test
    void aPagePastTheEndIsEmpty() {
        String name = "End " + uniqueToken();
        registerNamed(name, "a");

        JsonNode beyond = list("?page=5&name=" + encode(name));

        assertThat(beyond.path("items").isArray()).isTrue();
        assertThat(beyond.path("items")).isEmpty();
        assertThat(beyond.path("page").asInt()).isEqualTo(5);
        assertThat(beyond.path("totalItems").asLong()).isEqualTo(1);
    }

    /** Registers one customer per email prefix, in order, all with {@code name}; waits until all are visible. */
    private List<String> registerNamed(String name, String... emailPrefixes) {
        String token = uniqueToken();
        List<String> ids = new ArrayList<>();
        for (String prefix : emailPrefixes) {
            String customerId = testSubject.registerCustomer(prefix + "." + token + "@example.com", name);
            testSubject.customerAtLeast(customerId, 0);
            ids.add(customerId);
        }
        return ids;
    }

    private JsonNode list(String query) {
        Answer answer = testSubject.get("/api/customers" + query);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /**
     * Every customer, page by page until an empty page. Customers other tests add meanwhile can only push items to
     * later pages, never drop earlier ones, so nothing that existed at the start is missed.
     */
    private List<JsonNode> allPages(String query) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            List<JsonNode> items = items(list("?size=200&page=" + page + "&" + query));
            if (items.isEmpty()) {
                return all;
            }
            all.addAll(items);
        }
    }

    private static List<JsonNode> items(JsonNode page) {
        List<JsonNode> items = new ArrayList<>();
        page.path("items").forEach(items::add);
        return items;
    }

    private static List<String> ids(JsonNode page) {
        return ids(items(page));
    }

    private static List<String> ids(List<JsonNode> items) {
        return items.stream().map(item -> item.path("customerId").asString()).toList();
    }

    private static List<String> names(List<JsonNode> items) {
        return items.stream().map(item -> item.path("name").asString()).toList();
    }
}
