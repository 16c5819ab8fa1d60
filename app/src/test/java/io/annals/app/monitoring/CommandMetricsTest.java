package io.annals.app.monitoring;

import io.annals.app.test.ApiClient;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;

import static io.annals.app.test.ApiClient.customerJson;
import static io.annals.app.test.ApiClient.uniqueEmail;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every command is timed in Micrometer as {@code annals.commands}, by command type and outcome (issue 3). */
@EndToEndTest
class CommandMetricsTest {

    private static final String TIMER_COUNT = "annals_commands_seconds_count";

    private final ApiClient testSubject;

    CommandMetricsTest(@LocalServerPort int port) {
        testSubject = ApiClient.onPort(port);
    }

    @Test
    void aSuccessfulCommandIsCountedByTypeWithOutcomeSuccess() {
        double before = count("RegisterCustomer", "success");

        testSubject.registerCustomer(uniqueEmail("metrics"), "Ada");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(
                () -> assertThat(count("RegisterCustomer", "success")).isGreaterThanOrEqualTo(before + 1));
    }

    @Test
    void aRejectedCommandIsCountedWithTheReasonAsOutcome() {
        String email = uniqueEmail("metrics-dup");
        testSubject.registerCustomer(email, "Ada");
        double before = count("RegisterCustomer", "DuplicateEntityException");

        testSubject.post("/api/customers", customerJson(email, "Ada")).assertProblem(409);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                count("RegisterCustomer", "DuplicateEntityException")).isGreaterThanOrEqualTo(before + 1));
    }

    /** The timer's count for one command type and outcome, summed over any further tags; 0 before the first. */
    private double count(String command, String outcome) {
        return testSubject.metric(TIMER_COUNT, "command", command, "outcome", outcome);
    }
}
