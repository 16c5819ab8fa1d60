package io.annals.query.consistency;

import java.time.Duration;

/** The read model did not reach the requested version in time (answered 503 with Retry-After). */
public class ReadModelBehindException extends RuntimeException {

    private final Duration waited;

    public ReadModelBehindException(Duration waited) {
        super("the read model did not reach the requested version within " + waited.toMillis() + " ms");
        this.waited = waited;
    }

    public Duration waited() {
        return waited;
    }
}
