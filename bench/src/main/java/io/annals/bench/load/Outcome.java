package io.annals.bench.load;

/**
 * What one operation of a phase came to.
 *
 * @param label         {@code "2xx"} classes count as success; anything else ({@code "409"}, {@code "io-error"},
 *                      {@code "not-visible"}) is counted by label and reported
 * @param latencyNanos  the latency to record, or a negative value to record the operation's own wall time
 */
public record Outcome(String label, long latencyNanos) {

    public static final String OK = "2xx";
    private static final Outcome OK_TIMED_BY_RUNNER = new Outcome(OK, -1);

    /** Success, timed by the runner. */
    public static Outcome ok() {
        return OK_TIMED_BY_RUNNER;
    }

    /** Success with a latency the operation measured itself (e.g. a visibility lag). */
    public static Outcome ok(long latencyNanos) {
        return new Outcome(OK, latencyNanos);
    }

    /** An HTTP answer, timed by the runner: 2xx is success, every other status is counted by its code. */
    public static Outcome status(int httpStatus) {
        return httpStatus / 100 == 2 ? OK_TIMED_BY_RUNNER : new Outcome(Integer.toString(httpStatus), -1);
    }

    /** A failure that is not an HTTP status, e.g. {@code "not-visible"}. */
    public static Outcome failed(String label) {
        return new Outcome(label, -1);
    }

    public boolean isOk() {
        return OK.equals(label);
    }
}
