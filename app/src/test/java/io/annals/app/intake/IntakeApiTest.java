package io.annals.app.intake;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import io.annals.app.test.Parallel;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import static io.annals.app.intake.IntakeTraffic.awaitEnriched;
import static io.annals.app.intake.IntakeTraffic.batch;
import static io.annals.app.intake.IntakeTraffic.enrichedSequences;
import static io.annals.app.intake.IntakeTraffic.event;
import static io.annals.app.intake.IntakeTraffic.submit;
import static io.annals.app.intake.IntakeTraffic.uniqueSource;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code POST /api/intake/events} and the read models behind it, end to end (API.md "Event intake"). */
@EndToEndTest
class IntakeApiTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    private ApiClient writer() {
        return ApiClient.of(context);
    }

    private ApiClient reader() {
        return ApiClient.of(context).as(ApiClient.READER);
    }

    @Test
    void eachBadEventIsRejectedWithItsFieldWhileItsNeighboursAreStored() {
        String source = uniqueSource("mixed");
        Map<String, String> malformed = new java.util.LinkedHashMap<>();
        malformed.put("\"not an object\"", "event:");
        malformed.put("{\"source_id\": \"%s\", \"timestamp\": 1}", "event_id:");
        malformed.put("{\"event_id\": 7, \"source_id\": \"%s\", \"timestamp\": 1}", "event_id:");
        malformed.put("{\"event_id\": \"" + "x".repeat(129) + "\", \"source_id\": \"%s\", \"timestamp\": 1}",
                "event_id:");
        malformed.put("{\"event_id\": \"m-1\", \"timestamp\": 1}", "source_id:");
        malformed.put("{\"event_id\": \"m-2\", \"source_id\": \"bad source!\", \"timestamp\": 1}", "source_id:");
        malformed.put("{\"event_id\": \"m-3\", \"source_id\": \"%s\"}", "timestamp:");
        malformed.put("{\"event_id\": \"m-4\", \"source_id\": \"%s\", \"timestamp\": \"1670000000\"}", "timestamp:");
        malformed.put("{\"event_id\": \"m-5\", \"source_id\": \"%s\", \"timestamp\": 1, \"priority\": \"URGENT\"}",
                "priority:");
        malformed.put("{\"event_id\": \"m-6\", \"source_id\": \"%s\", \"timestamp\": 1, \"priority\": 3}",
                "priority:");
        malformed.put("{\"event_id\": \"m-7\", \"source_id\": \"%s\", \"timestamp\": 1, \"load_indicator\": 1.5}",
                "load_indicator:");
        malformed.put("{\"event_id\": \"m-8\", \"source_id\": \"%s\", \"timestamp\": 1, \"load_indicator\": \"0.5\"}",
                "load_indicator:");
        malformed.put("{\"event_id\": \"m-9\", \"source_id\": \"%s\", \"timestamp\": 1, \"metadata\": [1]}",
                "metadata:");
        malformed.put("{\"event_id\": \"m-10\", \"source_id\": \"%s\", \"timestamp\": 1, \"metadata\": "
                + "{\"a\":".repeat(17) + "1" + "}".repeat(17) + "}", "metadata:");
        malformed.put("{\"event_id\": \"m-11\", \"source_id\": \"%s\", \"timestamp\": 1, \"metadata\": {\"big\": \""
                + "y".repeat(64 * 1024) + "\"}}", "metadata:");
        List<String> elements = new ArrayList<>();
        elements.add(event(source, "ok-0"));
        malformed.keySet().forEach(json -> elements.add(json.formatted(source)));
        elements.add(event(source, "ok-1"));
        // exactly 16 levels is allowed (the metadata object itself is level 1)
        elements.add("{\"event_id\": \"ok-2\", \"source_id\": \"%s\", \"timestamp\": 2, \"metadata\": ".formatted(source)
                + "{\"a\":".repeat(16) + "1" + "}".repeat(16) + "}");

        Answer answer = submit(writer(), "[" + String.join(",", elements) + "]");

        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        assertThat(answer.json().path("accepted").asInt()).isEqualTo(3);
        assertThat(answer.json().path("duplicates").asInt()).isZero();
        JsonNode rejected = answer.json().path("rejected");
        List<String> expectedReasons = new ArrayList<>(malformed.values());
        assertThat(rejected.size()).isEqualTo(expectedReasons.size());
        for (int i = 0; i < rejected.size(); i++) {
            assertThat(rejected.get(i).path("index").asInt()).isEqualTo(i + 1);
            assertThat(rejected.get(i).path("reason").asString()).startsWith(expectedReasons.get(i));
        }
        assertThat(rejected.get(4).path("event_id").asString()).as("the id of an event rejected for its source")
                .isEqualTo("m-1");
        assertThat(rejected.get(0).has("event_id")).isFalse();
        awaitEnriched(reader(), source, 3);
        assertThat(enrichedSequences(jdbc, source)).containsExactly(1L, 2L, 3L);
        assertThat(jdbc.queryForList("SELECT event_id FROM intake_event_view WHERE source_id = ? "
                + "ORDER BY source_sequence", String.class, source)).containsExactly("ok-0", "ok-1", "ok-2");
    }

    @Test
    void aBodyThatIsNoEventOrArrayOfEventsIsRefusedWhole() {
        String source = uniqueSource("refused");
        String tooMany = IntStream.range(0, 1001).mapToObj(i -> "{\"event_id\":\"e" + i + "\",\"source_id\":\""
                + source + "\",\"timestamp\":1}").collect(Collectors.joining(",", "[", "]"));

        for (String body : List.of("{not json", "\"text\"", "42", "null", tooMany)) {
            Answer answer = writer().post("/api/intake/events", body);
            assertThat(answer.assertProblem(400).toString()).as(body.substring(0, Math.min(20, body.length())))
                    .contains("body");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, "intake:" + source)).isZero();
        assertThat(writer().post("/api/intake/events", event(source, "e"), "Content-Type", "text/plain")
                .assertProblem(415)).isNotNull();
        assertThat(reader().post("/api/intake/events", event(source, "e")).status()).isEqualTo(403);
    }

    @Test
    void aSingleEventIsIndexZeroAndIsListedWithItsEnrichmentAndPayload() {
        String source = uniqueSource("single");
        Answer answer = submit(writer(), "{\"event_id\": \"only\", \"source_id\": \"" + source + "\", "
                + "\"timestamp\": 1670000000, \"custom\": {\"kept\": [1.50, \"as is\"]}}");
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(submit(writer(), "{\"event_id\": 1, \"source_id\": \"" + source + "\", \"timestamp\": 1}")
                .json().path("rejected").get(0).path("index").asInt()).isZero();

        awaitEnriched(reader(), source, 1);
        JsonNode page = reader().get("/api/intake/events?source=" + source).json();
        assertThat(page.path("totalItems").asLong()).isEqualTo(1);
        JsonNode item = page.path("items").get(0);
        assertThat(item.path("event_id").asString()).isEqualTo("only");
        assertThat(item.path("source_sequence").asLong()).isEqualTo(1);
        assertThat(item.path("priority").asString()).isEqualTo("MEDIUM");
        assertThat(item.path("category").asString()).isIn("SYSTEM", "USER", "TRANSACTION", "MONITORING", "ALERT");
        assertThat(item.path("risk_score").asDouble()).isBetween(0.0, 1.0);
        assertThat(item.path("category_confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(item.path("processing_signature").asString()).isNotBlank();
        assertThat(item.path("intake_latency_ms").asLong()).isNotNegative();
        assertThat(item.path("received_at").asString()).endsWith("Z");
        assertThat(item.path("payload")).isEqualTo(ApiClient.parse("{\"event_id\": \"only\", \"source_id\": \""
                + source + "\", \"timestamp\": 1670000000, \"custom\": {\"kept\": [1.50, \"as is\"]}}"));
        JsonNode counts = reader().get("/api/intake/sources/" + source).json();
        assertThat(counts.path("last_sequence").asLong()).isEqualTo(1);
        assertThat(counts.path("by_category").path(item.path("category").asString()).asLong()).isEqualTo(1);
        assertThat(counts.path("by_category").size()).isEqualTo(5);
    }

    @Test
    void anEventIdSeenBeforeIsCountedAsDuplicateAndStoredOnce() {
        String source = uniqueSource("dups");
        Answer first = submit(writer(), "[" + event(source, "a") + "," + event(source, "b") + ","
                + event(source, "a") + "]");
        Answer again = submit(writer(), "[" + event(source, "b") + "," + event(source, "c") + "]");

        assertThat(first.json().path("accepted").asInt()).isEqualTo(2);
        assertThat(first.json().path("duplicates").asInt()).as("repeated inside one request").isEqualTo(1);
        assertThat(again.json().path("accepted").asInt()).isEqualTo(1);
        assertThat(again.json().path("duplicates").asInt()).as("sent by an earlier request").isEqualTo(1);
        awaitEnriched(reader(), source, 3);
        assertThat(enrichedSequences(jdbc, source)).containsExactly(1L, 2L, 3L);
        assertThat(reader().get("/api/intake/sources/" + source).json().path("duplicates").asLong()).isEqualTo(2);
    }

    @Test
    void racingRequestsWithTheSameEventsStoreEachOnceAndCountTheRestAsDuplicates() throws Exception {
        String source = uniqueSource("race");
        String body = batch(source, "same", 50);
        List<Answer> answers = Parallel.atOnce(16, () -> submit(writer(), body));

        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).isEqualTo(202));
        assertThat(answers.stream().mapToInt(a -> a.json().path("accepted").asInt()).sum()).isEqualTo(50);
        assertThat(answers.stream().mapToInt(a -> a.json().path("duplicates").asInt()).sum()).isEqualTo(15 * 50);
        awaitEnriched(reader(), source, 50);
        assertThat(reader().get("/api/intake/sources/" + source).json().path("duplicates").asLong())
                .isEqualTo(15 * 50);
    }

    @Test
    void sixteenProducersOnOneSourceGetAGaplessSequenceInGlobalOrder() throws Exception {
        String source = uniqueSource("gapless");
        List<Callable<List<Answer>>> producers = IntStream.range(0, 16).<Callable<List<Answer>>>mapToObj(producer -> () -> {
            List<Answer> mine = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                mine.add(submit(writer(), batch(source, "p" + producer + "-r" + round, 40)));
            }
            return mine;
        }).toList();
        List<Answer> answers = Parallel.atOnce(producers).stream().flatMap(List::stream).toList();

        assertThat(answers).allSatisfy(answer -> assertThat(answer.json().path("accepted").asInt()).isEqualTo(40));
        awaitEnriched(reader(), source, 16 * 5 * 40);
        assertThat(enrichedSequences(jdbc, source))
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 16 * 5 * 40).boxed().toList());
        // within each request the source's order is the request's order
        List<String> ids = jdbc.queryForList("SELECT event_id FROM intake_event_view WHERE source_id = ? "
                + "AND event_id LIKE 'p3-r2-%' ORDER BY source_sequence", String.class, source);
        assertThat(ids).containsExactlyElementsOf(IntStream.range(0, 40).mapToObj(i -> "p3-r2-" + i).toList());
    }

    @Test
    void singleEventsRacingOnFewSourcesAreEachEnrichedOnceInSourceOrder() throws Exception {
        List<String> sources = IntStream.range(0, 3).mapToObj(i -> uniqueSource("single-race")).toList();
        List<Callable<List<Answer>>> producers = IntStream.range(0, 24).<Callable<List<Answer>>>mapToObj(p -> () -> {
            List<Answer> mine = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                mine.add(submit(writer(), event(sources.get((p + i) % 3), "p" + p + "-" + i)));
            }
            return mine;
        }).toList();
        List<Answer> answers = Parallel.atOnce(producers).stream().flatMap(List::stream).toList();

        assertThat(answers).allSatisfy(answer -> assertThat(answer.json().path("accepted").asInt()).isEqualTo(1));
        for (String source : sources) {
            awaitEnriched(reader(), source, 120);
            assertThat(enrichedSequences(jdbc, source))
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, 120).boxed().toList());
            assertThat(reader().get("/api/intake/sources/" + source).json().path("last_sequence").asLong())
                    .isEqualTo(120);
        }
    }

    @Test
    void theListingFiltersAndPagesAndRefusesBadParameters() {
        String source = uniqueSource("listing");
        submit(writer(), batch(source, "l", 5));
        awaitEnriched(reader(), source, 5);

        JsonNode page = reader().get("/api/intake/events?source=" + source + "&size=2&page=1").json();
        assertThat(page.path("totalItems").asLong()).isEqualTo(5);
        assertThat(page.path("totalPages").asInt()).isEqualTo(3);
        assertThat(page.path("items").get(0).path("source_sequence").asLong()).isEqualTo(3);
        String category = page.path("items").get(0).path("category").asString();
        double risk = page.path("items").get(0).path("risk_score").asDouble();
        assertThat(reader().get("/api/intake/events?source=" + source + "&category=" + category).json()
                .path("totalItems").asLong()).as("all five events are alike").isEqualTo(5);
        assertThat(reader().get("/api/intake/events?source=" + source + "&minRisk=" + Math.min(1.0, risk + 0.0001))
                .json().path("totalItems").asLong()).isZero();
        JsonNode descending = reader().get("/api/intake/events?source=" + source + "&sort=global_sequence,desc").json();
        assertThat(descending.path("items").get(0).path("source_sequence").asLong()).isEqualTo(5);

        for (String bad : List.of("category=URGENT", "minRisk=1.5", "minRisk=abc", "source=bad%20source",
                "size=0", "sort=risk_score")) {
            assertThat(reader().get("/api/intake/events?" + bad).assertProblem(400).toString())
                    .contains(bad.substring(0, bad.indexOf('=')));
        }
        reader().get("/api/intake/sources/" + uniqueSource("never")).assertProblem(404);
    }

    @Test
    void intakeEventsCarryTheRequestsCorrelationId() {
        String source = uniqueSource("lineage");
        writer().post("/api/intake/events", event(source, "x"), "X-Correlation-Id", "corr-" + source);

        String metadata = jdbc.queryForObject("SELECT convert_from(meta_data, 'UTF8') FROM domain_event_entry "
                + "WHERE aggregate_identifier = ?", String.class, "intake:" + source);
        assertThat(ApiClient.parse(metadata).path("correlationId").asString()).isEqualTo("corr-" + source);
        assertThat(ApiClient.parse(metadata).path("causationId").asString()).isNotBlank();
    }
}
