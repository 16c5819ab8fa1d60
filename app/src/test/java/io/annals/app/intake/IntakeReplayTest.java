package io.annals.app.intake;

import io.annals.app.test.ApiClient;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.annals.app.intake.IntakeTraffic.awaitEnriched;
import static io.annals.app.intake.IntakeTraffic.batch;
import static io.annals.app.intake.IntakeTraffic.event;
import static io.annals.app.intake.IntakeTraffic.submit;
import static io.annals.app.intake.IntakeTraffic.uniqueSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A replay of the intake processor rebuilds both read models to the same content, row by row. */
@EndToEndTest
class IntakeReplayTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aReplayRebuildsTheEnrichedEventsAndTheSourcesCountsRowByRow() {
        ApiClient writer = ApiClient.of(context);
        String first = uniqueSource("replay-a");
        String second = uniqueSource("replay-b");
        submit(writer, batch(first, "x", 30));
        submit(writer, "[" + batch(second, "y", 20).substring(1, batch(second, "y", 20).length() - 1) + ","
                + event(first, "x-1") + "," + event(second, "y-1") + "]");
        awaitEnriched(writer.as(ApiClient.READER), first, 30);
        awaitEnriched(writer.as(ApiClient.READER), second, 20);
        List<Map<String, Object>> events = eventRows(first, second);
        List<Map<String, Object>> sources = sourceRows(first, second);
        assertThat(sources).extracting(row -> row.get("duplicates")).containsExactly(1L, 1L);
        // what a rebuild must repair: derived columns spoilt, and the sources' counts gone
        jdbc.update("UPDATE intake_event_view SET category = 'USER', risk_score = 0, is_anomaly = false, "
                + "processing_signature = 'spoilt', payload = '{}' WHERE source_id IN (?, ?)", first, second);
        jdbc.update("UPDATE intake_source_view SET accepted = 0, alert_events = 99 WHERE source_id IN (?, ?)",
                first, second);

        assertThat(writer.as(ApiClient.ADMIN).post("/api/admin/projections/intake/replay", "").status())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            assertThat(sourceRows(first, second)).isEqualTo(sources);
            assertThat(eventRows(first, second)).isEqualTo(events);
        });
    }

    private List<Map<String, Object>> eventRows(String first, String second) {
        return jdbc.queryForList("SELECT * FROM intake_event_view WHERE source_id IN (?, ?) ORDER BY global_sequence",
                first, second);
    }

    private List<Map<String, Object>> sourceRows(String first, String second) {
        return jdbc.queryForList("SELECT * FROM intake_source_view WHERE source_id IN (?, ?) ORDER BY source_id",
                first, second);
    }
}
