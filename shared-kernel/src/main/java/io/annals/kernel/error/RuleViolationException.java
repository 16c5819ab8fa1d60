package io.annals.kernel.error;

/** A command broke an invariant of its aggregate; {@code field} names the offending input (answered 400). */
public class RuleViolationException extends RuntimeException {

    private final String field;

    public RuleViolationException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
