package io.annals.kernel.error;

/** The addressed entity does not exist (answered 404). */
public class EntityNotFoundException extends RuntimeException {

    public EntityNotFoundException(String message) {
        super(message);
    }
}
