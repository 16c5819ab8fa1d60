package io.annals.choreography.provider;

/** A provider's circuit is open (or half-open and full): the call was not made. Not a failure of the step. */
public class ProviderUnavailableException extends RuntimeException {

    public ProviderUnavailableException(String provider, Throwable cause) {
        super(provider + " is unavailable (circuit open)", cause);
    }
}
