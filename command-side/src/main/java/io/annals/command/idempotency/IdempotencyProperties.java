package io.annals.command.idempotency;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param retention       how long a key is remembered (API.md: at least 24 h)
 * @param staleAfter      a key still "in progress" after this long belongs to a request that died; it may be reused
 * @param cleanupInterval how often expired keys are deleted
 */
@ConfigurationProperties("annals.idempotency")
public record IdempotencyProperties(@DefaultValue("48h") Duration retention,
                                    @DefaultValue("5m") Duration staleAfter,
                                    @DefaultValue("1h") Duration cleanupInterval) {
}
