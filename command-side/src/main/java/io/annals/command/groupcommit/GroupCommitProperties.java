package io.annals.command.groupcommit;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param enabled      whether concurrent commands share a transaction ({@link GroupCommitCommandBus}); off, every
 *                     command has a transaction of its own
 * @param maxGroupSize the most commands one transaction takes
 * @param lanes        how many groups may run at once; an aggregate's commands always use the same lane
 */
@Validated
@ConfigurationProperties("annals.command.group-commit")
public record GroupCommitProperties(@DefaultValue("true") boolean enabled,
                                    @DefaultValue("64") @Min(1) int maxGroupSize,
                                    @DefaultValue("1") @Min(1) int lanes) {
}
