package io.annals.command.intake;

import java.time.Duration;

/** The enrichment processor is too far behind; the request was refused whole (answered 429 with Retry-After). */
public class IntakeBehindException extends RuntimeException {

    private final Duration retryAfter;

    IntakeBehindException(long lag, long maxLag, Duration retryAfter) {
        super("the intake pipeline is " + lag + " events behind (at most " + maxLag + "); nothing was stored, "
                + "try again shortly");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
