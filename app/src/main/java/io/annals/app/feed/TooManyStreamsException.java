package io.annals.app.feed;

/** No stream can be opened now: {@code annals.stream.max-clients} are open, or the service is stopping. */
class TooManyStreamsException extends RuntimeException {

    TooManyStreamsException(String message) {
        super(message);
    }
}
