package io.annals.app.feed;

import io.annals.app.feed.SseClient.Message;
import io.annals.app.test.ApiClient;
import io.annals.app.test.EndToEndTest;
import io.annals.command.intake.SourceStreams;
import io.annals.kernel.intake.IntakeCategory;
import io.annals.kernel.intake.IntakeEnrichment;
import io.annals.kernel.intake.IntakeEventAccepted;
import io.annals.kernel.intake.IntakePriority;
import io.annals.kernel.intake.IntakeRules;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static io.annals.app.test.ApiClient.READER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /api/stream} (API.md "Live feed") on the shared service: events in global order as they commit, the
 * filters, resuming after an id, and the answers to bad requests.
 */
@EndToEndTest
class LiveFeedTest {

    private final int port;
    private final ApiClient writer;
    private final JdbcTemplate jdbc;
    private final IntakeEvents intake;

    LiveFeedTest(@LocalServerPort int port, @Autowired JdbcTemplate jdbc, @Autowired SourceStreams streams) {
        this.port = port;
        this.writer = ApiClient.onPort(port);
        this.jdbc = jdbc;
        this.intake = new IntakeEvents(streams);
    }

    @Test
    void eventsAppendedAfterTheStreamOpensArriveInGlobalOrderWithTheirPositionsAsIds() {
        long opening = System.nanoTime();
        try (SseClient stream = SseClient.open(port, READER, "/api/stream")) {
            assertThat(Duration.ofNanos(System.nanoTime() - opening)).as("the answer starts before any event")
                    .isLessThan(Duration.ofSeconds(10));
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.header("Content-Type")).startsWith("text/event-stream");
            assertThat(writer.as(ApiClient.ADMIN).metric("annals_stream_clients")).as("open streams, a gauge")
                    .isGreaterThanOrEqualTo(1);
            String first = writer.registerProduct("feed-a", 5);
            String second = writer.registerProduct("feed-b", 1);
            assertThat(writer.restock(first, 3).status()).isEqualTo(200);
            assertThat(writer.restock(second, 4).status()).isEqualTo(200);

            List<Message> ours = stream.next(4, message -> aggregateOf(message).equals(first)
                    || aggregateOf(message).equals(second));

            assertThat(ours).extracting(Message::position).containsExactlyElementsOf(positionsOf(first, second));
            assertThat(ours).extracting(Message::event)
                    .containsExactly("ProductRegistered", "ProductRegistered", "ProductRestocked", "ProductRestocked");
            JsonNode restock = ours.get(2).json();
            assertThat(restock.path("type").asString()).isEqualTo("ProductRestocked");
            assertThat(restock.path("aggregateId").asString()).isEqualTo(first);
            assertThat(restock.path("version").asLong()).isEqualTo(1);
            assertThat(restock.path("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(restock.path("payload").path("quantity").asLong()).isEqualTo(3);
            assertThat(restock.path("metadata").path("correlationId").isString()).as(restock.toString()).isTrue();
            assertThat(ours.get(0).json().path("payload").path("price").path("amount").asString()).isEqualTo("9.99");
        }
    }

    @Test
    void typeGlobsLetOnlyMatchingEventTypesThrough() {
        try (SseClient stream = SseClient.open(port, READER, "/api/stream?types=ProductRe*ked,Cust*")) {
            String sku = writer.registerProduct("feed-types", 5);
            assertThat(writer.restock(sku, 2).status()).isEqualTo(200);
            String customerId = writer.registerCustomer(ApiClient.uniqueEmail("feed-types"), "Feed Types");

            List<Message> received = stream.until(message -> aggregateOf(message).equals(customerId));

            assertThat(received).extracting(Message::event).allMatch(type -> type.matches("ProductRe.*ked|Cust.*"));
            assertThat(received).filteredOn(message -> aggregateOf(message).equals(sku)).extracting(Message::event)
                    .as("ProductRegistered does not match").containsExactly("ProductRestocked");
            assertThat(received.get(received.size() - 1).event()).isEqualTo("CustomerRegistered");
        }
    }

    @Test
    void sourceAndCategoryLetOnlyIntakeEventsOfThatSourceAndEnrichedCategoryThrough() {
        String source = "feed-" + UUID.randomUUID().toString().substring(0, 8);
        String otherSource = source + "-other";
        List<IntakeEventAccepted> events = new ArrayList<>();
        for (int sequence = 1; sequence <= 6; sequence++) {
            IntakePriority priority = IntakePriority.values()[sequence % IntakePriority.values().length];
            events.add(IntakeEvents.accepted(source, sequence, priority, """
                    {"event_id":"evt-%d","source_id":"%s","timestamp":1764950400.125,"note":"café %d","amount":12.50}"""
                    .formatted(sequence, source, sequence)));
        }
        IntakeEventAccepted last = events.get(events.size() - 1);
        IntakeCategory category = IntakeRules.enrich(last).category();
        List<String> expected = events.stream().filter(event -> IntakeRules.enrich(event).category() == category)
                .map(IntakeEventAccepted::eventId).toList();

        try (SseClient bySource = SseClient.open(port, READER, "/api/stream?source=" + source);
             SseClient byCategory = SseClient.open(port, READER,
                     "/api/stream?source=" + source + "&category=" + category.name().toLowerCase())) {
            writer.registerProduct("feed-intake", 1);
            for (IntakeEventAccepted event : events) {
                intake.append(event);
                intake.append(IntakeEvents.accepted(otherSource, event.sourceSequence(), event.priority(), "{}"));
            }

            List<Message> ofSource = bySource.until(message -> message.json().path("payload").path("event_id")
                    .asString().equals(last.eventId()));
            List<Message> ofCategory = byCategory.until(message -> message.json().path("payload").path("event_id")
                    .asString().equals(last.eventId()));

            assertThat(ofSource).extracting(message -> message.json().path("payload").path("event_id").asString())
                    .containsExactlyElementsOf(events.stream().map(IntakeEventAccepted::eventId).toList());
            assertThat(ofCategory).extracting(message -> message.json().path("payload").path("event_id").asString())
                    .containsExactlyElementsOf(expected);
            assertThat(ofSource).extracting(Message::event).containsOnly("IntakeEventAccepted");

            Message message = ofSource.get(1);
            IntakeEventAccepted sent = events.get(1);
            IntakeEnrichment enrichment = IntakeRules.enrich(sent);
            JsonNode view = message.json().path("payload");
            assertThat(message.json().path("aggregateId").asString()).isEqualTo("intake:" + source);
            assertThat(message.json().path("version").asLong()).isEqualTo(1);
            assertThat(view.path("source_id").asString()).isEqualTo(source);
            assertThat(view.path("source_sequence").asLong()).isEqualTo(2);
            assertThat(view.path("global_sequence").asLong()).isEqualTo(message.position());
            assertThat(view.path("priority").asString()).isEqualTo(sent.priority().name());
            assertThat(view.path("category").asString()).isEqualTo(enrichment.category().name());
            assertThat(view.path("category_confidence").asDouble()).isEqualTo(enrichment.categoryConfidence());
            assertThat(view.path("risk_score").asDouble()).isEqualTo(enrichment.riskScore());
            assertThat(view.path("is_anomaly").asBoolean()).isEqualTo(enrichment.anomaly());
            assertThat(view.path("processing_signature").asString()).isEqualTo(enrichment.processingSignature());
            assertThat(view.path("received_at").asString()).endsWith("Z");
            assertThat(view.path("payload").isObject()).as("the submitted event as JSON, not a string").isTrue();
            assertThat(view.path("payload").path("note").asString()).isEqualTo("café 2");
            assertThat(message.data()).contains("\"amount\":12.50");
        }
    }

    @Test
    void resumingAfterAnIdGivesExactlyTheFollowingEventsWithLastEventIdOrFrom() {
        long head = headPosition();
        String sku = writer.registerProduct("feed-resume", 1);
        for (int quantity = 1; quantity <= 4; quantity++) {
            assertThat(writer.restock(sku, quantity).status()).isEqualTo(200);
        }
        long lastOfOurs = positionsOf(sku).get(4);

        long resumeAfter;
        try (SseClient first = SseClient.open(port, READER, "/api/stream?from=" + head)) {
            List<Message> upToSecond = first.until(message -> aggregateOf(message).equals(sku)
                    && message.json().path("version").asLong() == 1);
            assertThat(upToSecond).extracting(Message::position).containsExactlyElementsOf(positionsBetween(head,
                    upToSecond.get(upToSecond.size() - 1).position()));
            resumeAfter = upToSecond.get(upToSecond.size() - 1).position();
        }

        try (SseClient byHeader = SseClient.open(port, READER, "/api/stream?from=0", "Last-Event-ID",
                Long.toString(resumeAfter));
             SseClient byFrom = SseClient.open(port, READER, "/api/stream?from=" + resumeAfter)) {
            for (SseClient resumed : List.of(byHeader, byFrom)) {
                List<Message> rest = resumed.until(message -> message.position() == lastOfOurs);
                assertThat(rest).extracting(Message::position)
                        .as("every event after the id, once: Last-Event-ID wins over from")
                        .containsExactlyElementsOf(positionsBetween(resumeAfter, lastOfOurs));
                assertThat(rest).filteredOn(message -> aggregateOf(message).equals(sku))
                        .extracting(message -> message.json().path("version").asLong()).containsExactly(2L, 3L, 4L);
            }
        }
    }

    @Test
    void badTypesFromOrLastEventIdAre400NamingTheParameter() {
        for (String types : List.of("", "Product*,,Order*", "Product*,", "Product%20Registered", "Product%3Bdrop")) {
            try (SseClient refused = SseClient.open(port, READER, "/api/stream?types=" + types)) {
                refused.assertInvalid("types");
            }
        }
        for (String from : List.of("-1", "abc", "1.5", "99999999999999999999")) {
            try (SseClient refused = SseClient.open(port, READER, "/api/stream?from=" + from)) {
                refused.assertInvalid("from");
            }
        }
        try (SseClient refused = SseClient.open(port, READER, "/api/stream?from=3", "Last-Event-ID", "x7")) {
            refused.assertInvalid("Last-Event-ID");
        }
        try (SseClient refused = SseClient.open(port, READER, "/api/stream?category=GOSSIP")) {
            refused.assertInvalid("category");
        }
        try (SseClient refused = SseClient.open(port, READER, "/api/stream?source=a%20b")) {
            refused.assertInvalid("source");
        }
    }

    @Test
    void withoutCredentialsTheStreamIs401() {
        try (SseClient refused = SseClient.open(port, null, "/api/stream")) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.header("Content-Type")).startsWith(ApiClient.PROBLEM_JSON);
        }
    }

    private static String aggregateOf(Message message) {
        return message.json().path("aggregateId").asString("");
    }

    private long headPosition() {
        Long head = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    private List<Long> positionsOf(String... aggregateIds) {
        return jdbc.queryForList("SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ANY (?) "
                + "ORDER BY global_index", Long.class, (Object) Arrays.copyOf(aggregateIds, aggregateIds.length));
    }

    /** Every stored position above {@code after} up to and including {@code upTo}. */
    private List<Long> positionsBetween(long after, long upTo) {
        return jdbc.queryForList("SELECT global_index FROM domain_event_entry WHERE global_index > ? AND "
                + "global_index <= ? ORDER BY global_index", Long.class, after, upTo);
    }
}
