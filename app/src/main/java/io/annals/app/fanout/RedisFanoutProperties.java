package io.annals.app.fanout;

import io.annals.choreography.circuit.CircuitBreakerSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The fan-out to Redis Streams ({@code annals.fanout.redis}): processor {@code fanout-redis}.
 *
 * @param enabled                whether this instance publishes to Redis (off by default)
 * @param url                    the Redis URL, e.g. {@code redis://:secret@redis.example.com:6379/0}
 *                               ({@code rediss://} for TLS)
 * @param stream                 the stream's key; with {@code streamPerAggregateType}, the prefix of each stream's key
 * @param streamPerAggregateType one stream per aggregate type, {@code <stream>:<aggregate type>} (e.g.
 *                               {@code annals-events:Order}); events without an aggregate go to {@code stream}
 * @param maxlen                 the length each stream is trimmed to, approximately ({@code XADD MAXLEN ~}): the
 *                               oldest entries go first
 * @param types                  comma-separated globs on the event type (the live feed's {@code types}); {@code *}:
 *                               every event
 * @param timeout                how long a batch waits for Redis' replies before it counts as failed (and is published
 *                               again)
 * @param circuitBreaker         when to stop calling a failing Redis for a while (circuit {@code fanout-redis})
 */
@Validated
@ConfigurationProperties("annals.fanout.redis")
public record RedisFanoutProperties(@DefaultValue("false") boolean enabled,
                                    @NotBlank @DefaultValue("redis://localhost:6379") String url,
                                    @NotBlank @DefaultValue("annals-events") String stream,
                                    @DefaultValue("false") boolean streamPerAggregateType,
                                    @Min(1) @DefaultValue("1000000") long maxlen,
                                    @NotBlank @DefaultValue("*") String types,
                                    @NotNull @DefaultValue("5s") Duration timeout,
                                    @Valid @DefaultValue CircuitBreakerSettings circuitBreaker) {

    @Override
    public String toString() {
        // the URL may hold a password, which must not reach a log through a property dump
        return "RedisFanoutProperties[enabled=" + enabled + ", url=" + url.replaceAll("//[^@/]*@", "//****@")
                + ", stream=" + stream + ", streamPerAggregateType=" + streamPerAggregateType + ", maxlen=" + maxlen
                + ", types=" + types + ", timeout=" + timeout + ", circuitBreaker=" + circuitBreaker + "]";
    }
}
