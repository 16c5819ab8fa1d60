package io.annals.app.deadline;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * Persistent deadlines (Axon's {@code DbSchedulerDeadlineManager} on db-scheduler's {@code scheduled_tasks} table).
 *
 * @param pollingInterval       how often each instance looks for due deadlines: the most a deadline fires late
 * @param threads               deadlines handled at the same time per instance
 * @param heartbeatInterval     how often an instance marks the deadlines it is running as alive
 * @param missedHeartbeatsLimit after this many missed heartbeats a running deadline counts as dead (its instance
 *                              crashed) and another instance runs it again: {@code heartbeatInterval × limit} is the
 *                              longest a crash delays a deadline
 * @param shutdownMaxWait       on shutdown, how long running deadlines may finish before their threads are interrupted;
 *                              db-scheduler may wait twice this (executions, then its polling thread), which must
 *                              stay within {@code spring.lifecycle.timeout-per-shutdown-phase}
 */
@Validated
@ConfigurationProperties("annals.deadlines")
public record DeadlineProperties(@DefaultValue("500ms") @NotNull Duration pollingInterval,
                                 @DefaultValue("4") @Min(1) int threads,
                                 @DefaultValue("10s") @NotNull Duration heartbeatInterval,
                                 @DefaultValue("6") @Min(2) int missedHeartbeatsLimit,
                                 @DefaultValue("5s") @NotNull Duration shutdownMaxWait) {
}
