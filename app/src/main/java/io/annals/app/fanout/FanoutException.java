package io.annals.app.fanout;

/** A batch the broker did not acknowledge (in full, or in time): it is published again. */
class FanoutException extends RuntimeException {

    FanoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
