package io.annals.app.monitoring;

import io.annals.app.test.ApiClient;
import io.annals.app.test.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Axon's event-processor meters reach {@code /actuator/prometheus}, by payload type and processor. */
@EndToEndTest
class EventProcessorMetricsWiringTest {

    private final ApiClient testSubject;

    EventProcessorMetricsWiringTest(@LocalServerPort int port) {
        testSubject = ApiClient.onPort(port);
    }

    @Test
    void aHandledEventIsCountedAndTimedForTheProcessorThatHandledIt() {
        String success = "eventProcessor_successCounter_total";
        double before = sum(success, "ProductRegistered", "products");

        String sku = testSubject.registerProduct("processor-metrics", 3);
        testSubject.productAtLeast(sku, 0);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(sum(success, "ProductRegistered", "products")).isGreaterThanOrEqualTo(before + 1));
        assertThat(sum("eventProcessor_allTimer_seconds_count", "ProductRegistered", "products")).isPositive();
        // Axon's dimensional names and tags: capacity by payload type and processor, latency by processor only
        assertThat(testSubject.prometheus())
                .containsPattern("eventProcessor_capacity\\{payloadType=\"ProductRegistered\",processorName=\"products\"}")
                .contains("eventProcessor_latency{processorName=\"products\"}");
    }

    private double sum(String meter, String payloadType, String processor) {
        return testSubject.metric(meter, "payloadType", payloadType, "processorName", processor);
    }
}
