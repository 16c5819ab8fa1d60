package io.annals.app.feed;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The live feed ({@code GET /api/stream}).
 *
 * @param maxClients        streams open at once on this instance; one more is refused with 503 and Retry-After. Each
 *                          open stream has two threads of its own (a reader and a writer) and at most
 *                          {@code bufferEvents} events in memory, so this bounds both
 * @param bufferEvents      events read for a client but not yet written to it; a client that falls this far behind
 *                          is too slow: it gets {@code event: overflow} and is disconnected (it may resume from its
 *                          last id)
 * @param keepAliveInterval how long a stream stays silent before a comment line keeps the connection open
 * @param gapWait           how long an event waits for lower positions still being committed (gaps in the global
 *                          index), so that ids come in increasing order and a resume loses nothing; a gap still open
 *                          after this (a rolled-back append) stops holding later events back
 * @param retryAfter        what a refused client is told to wait (Retry-After, whole seconds)
 */
@Validated
@ConfigurationProperties("annals.stream")
public record StreamProperties(@DefaultValue("32") @Min(1) int maxClients,
                               @DefaultValue("1000") @Min(1) int bufferEvents,
                               @DefaultValue("15s") Duration keepAliveInterval,
                               @DefaultValue("500ms") Duration gapWait,
                               @DefaultValue("1s") Duration retryAfter) {

    public StreamProperties {
        if (keepAliveInterval.isZero() || keepAliveInterval.isNegative() || gapWait.isNegative()
                || retryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("annals.stream: keep-alive-interval must be positive, gap-wait 0 or "
                    + "more and retry-after at least 1s (got " + keepAliveInterval + ", " + gapWait + ", "
                    + retryAfter + ")");
        }
    }
}
