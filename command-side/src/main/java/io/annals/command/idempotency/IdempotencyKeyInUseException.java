package io.annals.command.idempotency;

/** A request with the same Idempotency-Key is still running (answered 409). */
public class IdempotencyKeyInUseException extends RuntimeException {

    public IdempotencyKeyInUseException() {
        super("a request with this Idempotency-Key is still in progress; repeat it later");
    }
}
