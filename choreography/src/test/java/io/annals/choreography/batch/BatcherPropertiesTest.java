package io.annals.choreography.batch;

import io.annals.choreography.batch.BatcherProperties.TypeSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Binding and validation of {@code annals.batcher.*}. */
class BatcherPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Binding.class);

    @EnableConfigurationProperties(BatcherProperties.class)
    static class Binding {
    }

    @Test
    void theDocumentedDefaultsApply() {
        runner.run(context -> {
            BatcherProperties properties = context.getBean(BatcherProperties.class);
            assertThat(properties.defaults()).isEqualTo(new TypeSettings(100, 10, Duration.ofMillis(200),
                    Duration.ofSeconds(60), 5, Duration.ofMillis(500), Duration.ofSeconds(30)));
            assertThat(properties.pollInterval()).isEqualTo(Duration.ofMillis(50));
            assertThat(properties.workerThreads()).isEqualTo(2);
        });
    }

    @Test
    void aTypeOverridesWhatItNamesAndKeepsTheRest() {
        runner.withPropertyValues("annals.batcher.max-wait=1s",
                        "annals.batcher.types.order-confirmation.min-batch-size=1",
                        "annals.batcher.types.order-confirmation.claim-timeout=5s")
                .run(context -> {
                    BatcherProperties properties = context.getBean(BatcherProperties.class);
                    assertThat(properties.forType("order-confirmation")).isEqualTo(new TypeSettings(100, 1,
                            Duration.ofSeconds(1), Duration.ofSeconds(5), 5, Duration.ofMillis(500),
                            Duration.ofSeconds(30)));
                    assertThat(properties.forType("other").minBatchSize()).isEqualTo(10);
                    assertThat(properties.shortestClaimTimeout()).isEqualTo(Duration.ofSeconds(5));
                });
    }

    @Test
    void aMinBatchSizeAboveTheMaxIsRejectedAtStartup() {
        runner.withPropertyValues("annals.batcher.types.mail.min-batch-size=500").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("annals.batcher.types.mail")
                        .hasMessageContaining("min-batch-size 500 exceeds max-batch-size 100"));
    }

    @Test
    void outOfRangeValuesAreRejectedAtStartup() {
        runner.withPropertyValues("annals.batcher.max-attempts=0").run(context ->
                assertThat(context).hasFailed());
        runner.withPropertyValues("annals.batcher.poll-interval=0ms").run(context ->
                assertThat(context).hasFailed());
    }
}
