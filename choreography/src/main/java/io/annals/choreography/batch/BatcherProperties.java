package io.annals.choreography.batch;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The durable batcher's settings ({@code annals.batcher.*}); every per-type setting can be overridden under
 * {@code annals.batcher.types.<type>.*}.
 *
 * @param maxBatchSize        at most this many items per batch
 * @param minBatchSize        a batch is formed as soon as this many items of one type and tag group are ready ...
 * @param maxWait             ... or when the oldest ready one has waited this long
 * @param pollInterval        how often a node looks for due batches; a commit that added items wakes it at once
 * @param claimTimeout        a claim not refreshed for this long (its node died) returns to the queue; a node
 *                            refreshes its in-flight claims every quarter of it, so slow batches are not taken over
 * @param maxAttempts         a batch that failed this many times parks its items (kept, visible, not retried)
 * @param retryInitialBackoff delay before the first retry of a failed item; doubled on every further failure ...
 * @param retryMaxBackoff     ... up to this
 * @param workerThreads       batches processed at the same time by one node
 * @param shutdownTimeout     on shutdown, in-flight batches get this long to finish; unfinished claims return after
 *                            {@code claimTimeout}
 * @param types               per-type overrides of the settings above
 */
@Validated
@ConfigurationProperties("annals.batcher")
public record BatcherProperties(@DefaultValue("100") @Positive int maxBatchSize,
                                @DefaultValue("10") @Positive int minBatchSize,
                                @DefaultValue("200ms") @NotNull @DurationMin(millis = 0) Duration maxWait,
                                @DefaultValue("50ms") @NotNull @DurationMin(millis = 1) Duration pollInterval,
                                @DefaultValue("60s") @NotNull @DurationMin(millis = 1) Duration claimTimeout,
                                @DefaultValue("5") @Positive int maxAttempts,
                                @DefaultValue("500ms") @NotNull @DurationMin(millis = 0) Duration retryInitialBackoff,
                                @DefaultValue("30s") @NotNull @DurationMin(millis = 0) Duration retryMaxBackoff,
                                @DefaultValue("2") @Positive int workerThreads,
                                @DefaultValue("10s") @NotNull @DurationMin(millis = 0) Duration shutdownTimeout,
                                @DefaultValue Map<String, @Valid TypeOverride> types) {

    public BatcherProperties {
        types = types == null ? Map.of() : Map.copyOf(types);
        // resolving every configured type now makes a bad combination fail at startup, not at the first batch (the
        // record's fields are not assigned yet, hence the parameters)
        TypeSettings defaults = new TypeSettings(maxBatchSize, minBatchSize, maxWait, claimTimeout, maxAttempts,
                retryInitialBackoff, retryMaxBackoff);
        types.forEach((type, override) -> merge(type, override, defaults));
    }

    /**
     * Overrides for one type; what is not given comes from the top-level settings.
     */
    public record TypeOverride(@Positive Integer maxBatchSize,
                               @Positive Integer minBatchSize,
                               @DurationMin(millis = 0) Duration maxWait,
                               @DurationMin(millis = 1) Duration claimTimeout,
                               @Positive Integer maxAttempts,
                               @DurationMin(millis = 0) Duration retryInitialBackoff,
                               @DurationMin(millis = 0) Duration retryMaxBackoff) {
    }

    /** The effective settings of one type. */
    public record TypeSettings(int maxBatchSize, int minBatchSize, Duration maxWait, Duration claimTimeout,
                               int maxAttempts, Duration retryInitialBackoff, Duration retryMaxBackoff) {

        public TypeSettings {
            Objects.requireNonNull(maxWait, "max-wait");
            Objects.requireNonNull(claimTimeout, "claim-timeout");
            Objects.requireNonNull(retryInitialBackoff, "retry-initial-backoff");
            Objects.requireNonNull(retryMaxBackoff, "retry-max-backoff");
            if (minBatchSize > maxBatchSize) {
                throw new IllegalArgumentException(
                        "min-batch-size " + minBatchSize + " exceeds max-batch-size " + maxBatchSize);
            }
            if (retryInitialBackoff.compareTo(retryMaxBackoff) > 0) {
                throw new IllegalArgumentException("retry-initial-backoff " + retryInitialBackoff
                        + " exceeds retry-max-backoff " + retryMaxBackoff);
            }
        }
    }

    /** The settings of a type without overrides. */
    public TypeSettings defaults() {
        return new TypeSettings(maxBatchSize, minBatchSize, maxWait, claimTimeout, maxAttempts, retryInitialBackoff,
                retryMaxBackoff);
    }

    /** The effective settings of {@code type}: its overrides over the defaults. */
    public TypeSettings forType(String type) {
        TypeOverride override = types.get(type);
        return override == null ? defaults() : merge(type, override, defaults());
    }

    /** The shortest claim timeout of any type, which paces the refreshing of claims and the return of dead ones. */
    Duration shortestClaimTimeout() {
        return types.values().stream().map(TypeOverride::claimTimeout).filter(Objects::nonNull)
                .reduce(claimTimeout, (a, b) -> a.compareTo(b) <= 0 ? a : b);
    }

    private static TypeSettings merge(String type, TypeOverride override, TypeSettings defaults) {
        try {
            return new TypeSettings(
                    or(override.maxBatchSize(), defaults.maxBatchSize()),
                    or(override.minBatchSize(), defaults.minBatchSize()),
                    or(override.maxWait(), defaults.maxWait()),
                    or(override.claimTimeout(), defaults.claimTimeout()),
                    or(override.maxAttempts(), defaults.maxAttempts()),
                    or(override.retryInitialBackoff(), defaults.retryInitialBackoff()),
                    or(override.retryMaxBackoff(), defaults.retryMaxBackoff()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("annals.batcher.types." + type + ": " + e.getMessage());
        }
    }

    private static <T> T or(T override, T fallback) {
        return override != null ? override : fallback;
    }
}
