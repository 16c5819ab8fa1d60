package io.annals.command.idempotency;

/** The Idempotency-Key was first used with a different body (answered 422). */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException() {
        super("this Idempotency-Key was used with a different request body");
    }
}
