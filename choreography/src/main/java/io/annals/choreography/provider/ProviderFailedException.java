package io.annals.choreography.provider;

/** A provider declined the request, or kept failing after the retries: the step failed. */
public class ProviderFailedException extends RuntimeException {

    public ProviderFailedException(String provider, String reason, Throwable cause) {
        super(provider + " failed: " + reason, cause);
    }
}
