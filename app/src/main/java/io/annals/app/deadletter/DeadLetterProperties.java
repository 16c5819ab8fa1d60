package io.annals.app.deadletter;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The sequenced dead-letter queue every event-handling processing group gets (table {@code dead_letter_entry}).
 *
 * @param causeMaxLength  characters of a failure's message kept with its dead letter ({@code cause_message} holds
 *                        at most 1023)
 * @param maxSequences    parked sequences (aggregates) per processing group; one more fails the processor's batch,
 *                        which is retried, rather than losing the event
 * @param maxSequenceSize parked events per sequence, with the same overflow behaviour
 */
@Validated
@ConfigurationProperties("annals.dead-letters")
public record DeadLetterProperties(@DefaultValue("512") @Min(16) @Max(1023) int causeMaxLength,
                                   @DefaultValue("1024") @Min(1) int maxSequences,
                                   @DefaultValue("1024") @Min(1) int maxSequenceSize) {
}
