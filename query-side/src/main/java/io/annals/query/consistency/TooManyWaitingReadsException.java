package io.annals.query.consistency;

/**
 * As many {@code minVersion} reads as {@code annals.query.max-waiting-reads} allows are already waiting; this one is
 * refused at once (answered 503 with Retry-After) rather than hold one more request thread.
 */
public class TooManyWaitingReadsException extends RuntimeException {

    public TooManyWaitingReadsException(int maxWaitingReads) {
        super("already " + maxWaitingReads + " reads wait for the read model to catch up; try again shortly");
    }
}
