package io.annals.kernel.error;

/** A create collided with an entity that already exists (answered 409). */
public class DuplicateEntityException extends RuntimeException {

    public DuplicateEntityException(String message) {
        super(message);
    }
}
