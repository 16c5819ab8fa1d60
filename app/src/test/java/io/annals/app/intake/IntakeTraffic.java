package io.annals.app.intake;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.awaitility.Awaitility.await;

/** Intake requests and checks the intake tests share. */
final class IntakeTraffic {

    private IntakeTraffic() {
    }

    /** A source id no other test uses. */
    static String uniqueSource(String label) {
        return label + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String event(String source, String eventId) {
        return """
                {"event_id": "%s", "source_id": "%s", "timestamp": 1670000000.5, "priority": "HIGH",
                 "load_indicator": 0.75, "metadata": {"user_id": "u-1", "nested": {"key": "value"}}, "extra": [1, 2]}"""
                .formatted(eventId, source);
    }

    /** {@code count} events of one source, ids {@code prefix-0} … */
    static String batch(String source, String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> event(source, prefix + "-" + i))
                .collect(Collectors.joining(",", "[", "]"));
    }

    /**
     * Posts as a well-behaved producer does: a 429 (the enrichment is behind; nothing was stored) is sent again until
     * it is taken.
     */
    static Answer submit(ApiClient writer, String json) {
        Answer[] answer = new Answer[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            answer[0] = writer.post("/api/intake/events", json);
            return answer[0].status() != 429;
        });
        return answer[0];
    }

    /** The source's events in the enriched read model, as their source sequences in global order. */
    static List<Long> enrichedSequences(JdbcTemplate jdbc, String source) {
        return jdbc.queryForList("SELECT source_sequence FROM intake_event_view WHERE source_id = ? "
                + "ORDER BY global_sequence", Long.class, source);
    }

    /** Waits until the source's counts show {@code accepted} events. */
    static void awaitEnriched(ApiClient reader, String source, long accepted) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Answer answer = reader.get("/api/intake/sources/" + source);
            return answer.status() == 200 && answer.json().path("accepted").asLong() == accepted;
        });
    }
}
