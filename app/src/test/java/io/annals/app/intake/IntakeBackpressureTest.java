package io.annals.app.intake;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.annals.app.intake.IntakeTraffic.batch;
import static io.annals.app.intake.IntakeTraffic.uniqueSource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Backpressure: with the enrichment processor more than {@code annals.intake.max-lag} events behind (5,000 in the
 * end-to-end context), intake answers 429 with Retry-After and stores nothing; once the processor catches up it
 * accepts again.
 */
@EndToEndTest
class IntakeBackpressureTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void aPipelineTooFarBehindRefusesIntakeWithRetryAfterAndStoresNothing() {
        ApiClient writer = ApiClient.of(context);
        String source = uniqueSource("pressure");
        StreamingEventProcessor intake = processing.eventProcessor("intake", StreamingEventProcessor.class)
                .orElseThrow();
        double throttledBefore = writer.as(ApiClient.ADMIN).metric("annals_intake_throttled_total");
        AtomicInteger attempt = new AtomicInteger();
        AtomicReference<Answer> refused = new AtomicReference<>();
        AtomicReference<String> refusedPrefix = new AtomicReference<>();
        intake.shutDown();
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                String prefix = "attempt" + attempt.incrementAndGet();
                Answer answer = writer.post("/api/intake/events", batch(source, prefix, 1000));
                if (answer.status() == 429) {
                    refused.set(answer);
                    refusedPrefix.set(prefix);
                    return true;
                }
                assertThat(answer.status()).as(answer.body()).isEqualTo(202);
                return false;
            });
        } finally {
            intake.start();
        }

        refused.get().assertProblem(429);
        assertThat(refused.get().header("Retry-After")).hasValue("1");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE event_identifier LIKE ?",
                Long.class, "intake:" + source + ":" + refusedPrefix.get() + "-%")).as("nothing of a 429 is stored")
                .isZero();
        assertThat(writer.as(ApiClient.ADMIN).metric("annals_intake_throttled_total"))
                .isGreaterThan(throttledBefore);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
                writer.post("/api/intake/events", batch(source, "after", 1)).status() == 202);
    }
}
