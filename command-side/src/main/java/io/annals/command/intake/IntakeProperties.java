package io.annals.command.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Min;
import java.time.Duration;

/**
 * Event intake ({@code annals.intake}).
 *
 * @param maxLag            how many events the enrichment processor may be behind the head of the event store before
 *                          {@code POST /api/intake/events} answers 429 and stores nothing (500,000: 20 s of the
 *                          enrichment rate the README reports)
 * @param lagCheckInterval  how long one reading of the lag is reused: the check must not cost a query per request
 * @param retryAfter        what a 429 tells the client to wait
 */
@Validated
@ConfigurationProperties("annals.intake")
public record IntakeProperties(@DefaultValue("500000") @Min(1) long maxLag,
                               @DefaultValue("200ms") Duration lagCheckInterval,
                               @DefaultValue("1s") Duration retryAfter) {
}
