package io.annals.kernel.error;

/** The entity's state does not allow the command, e.g. cancelling a shipped order (answered 409). */
public class StateConflictException extends RuntimeException {

    public StateConflictException(String message) {
        super(message);
    }
}
