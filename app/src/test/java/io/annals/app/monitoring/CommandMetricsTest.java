package io.annals.app.monitoring;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;

import static io.annals.app.test.ApiClient.ADMIN;
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
        Answer scrape = testSubject.as(ADMIN).get("/actuator/prometheus");
        assertThat(scrape.status()).isEqualTo(200);
        return scrape.body().lines()
                .filter(line -> line.startsWith(TIMER_COUNT + "{"))
                .filter(line -> line.contains("command=\"" + command + "\""))
                .filter(line -> line.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
