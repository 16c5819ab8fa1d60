package io.annals.app.fanout;

import io.annals.app.test.TestKafka;
import io.annals.app.test.TestRedis;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a target holds (or the event store), one entry per published record, in the order a consumer reads them: per
 * Redis stream, per Kafka partition. The tests compare it with the event store.
 */
record Published(long position, String eventId, String type, String aggregateId, String json) {

    /** Every entry of {@code stream} and of its per-aggregate-type streams ({@code stream:Type}). */
    static List<Published> inRedis(String stream) {
        TestRedis redis = TestRedis.instance();
        List<Published> all = new ArrayList<>();
        for (String key : redis.keys(stream)) {
            if (key.equals(stream) || key.startsWith(stream + ":")) {
                redis.entries(key).forEach(entry -> {
                    Map<String, String> body = entry.getBody();
                    all.add(new Published(Long.parseLong(body.get("position")), body.get("eventId"),
                            body.get("type"), body.get("aggregateId"), body.get("event")));
                });
            }
        }
        return all;
    }

    static List<Published> inKafka(String topic) {
        return TestKafka.instance().records(topic).stream().map(Published::of).toList();
    }

    private static Published of(ConsumerRecord<String, String> record) {
        return new Published(Long.parseLong(header(record, "position")), header(record, "eventId"),
                header(record, "type"), record.key(), record.value());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The stored events after {@code position}, in global order (no JSON: the store holds Axon's serialized form). */
    static List<Published> storedAfter(JdbcTemplate jdbc, long position) {
        return jdbc.query("""
                        SELECT global_index, event_identifier, payload_type, aggregate_identifier
                        FROM domain_event_entry WHERE global_index > ? ORDER BY global_index""",
                (row, i) -> new Published(row.getLong(1), row.getString(2), simpleName(row.getString(3)),
                        row.getString(4), null), position);
    }

    static long head(JdbcTemplate jdbc) {
        Long head = jdbc.queryForObject("SELECT coalesce(max(global_index), 0) FROM domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    private static String simpleName(String className) {
        return className.substring(Math.max(className.lastIndexOf('.'), className.lastIndexOf('$')) + 1);
    }

    /** Whether {@code published} holds every one of {@code expected} (by event id), at least once. */
    static boolean holdsAll(List<Published> published, List<Published> expected) {
        Set<String> ids = new HashSet<>();
        published.forEach(entry -> ids.add(entry.eventId()));
        return expected.stream().allMatch(event -> ids.contains(event.eventId()));
    }

    /**
     * Asserts that {@code published} holds each of {@code expected} at least once, under its own position, type and
     * aggregate, and that a consumer reading it meets each aggregate's events in order: the first time it sees an
     * event, the aggregate's earlier events were all seen before (later copies are duplicates it skips by position).
     */
    static void assertHoldsInPerAggregateOrder(List<Published> published, List<Published> expected) {
        Map<String, Published> byId = new HashMap<>();
        published.forEach(entry -> byId.putIfAbsent(entry.eventId(), entry));
        for (Published event : expected) {
            Published seen = byId.get(event.eventId());
            assertThat(seen).as("published: %s", event).isNotNull();
            assertThat(seen.position()).as("position of %s", event).isEqualTo(event.position());
            assertThat(seen.type()).as("type of %s", event).isEqualTo(event.type());
            assertThat(seen.aggregateId()).as("aggregate of %s", event).isEqualTo(event.aggregateId());
        }
        Map<String, Long> lastSeen = new HashMap<>();
        Set<String> seenIds = new HashSet<>();
        for (Published entry : published) {
            if (!seenIds.add(entry.eventId()) || entry.aggregateId() == null) {
                continue; // a duplicate, or an event of no aggregate (a payment step's request), which has no order
            }
            Long previous = lastSeen.put(entry.aggregateId(), entry.position());
            assertThat(previous == null || previous < entry.position())
                    .as("aggregate %s: position %s after %s", entry.aggregateId(), entry.position(), previous)
                    .isTrue();
        }
    }

    /** How many entries of {@code published} repeat an event published before. */
    static long duplicates(List<Published> published, Predicate<Published> counted) {
        Set<String> ids = new HashSet<>();
        return published.stream().filter(counted).filter(entry -> !ids.add(entry.eventId())).count();
    }
}
