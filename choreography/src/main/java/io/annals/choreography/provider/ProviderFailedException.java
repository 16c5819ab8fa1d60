package io.annals.choreography.provider;

/**
 * A provider declined the request, or kept failing after the retries: the step failed. When no answer came at all
 * (a timeout, a broken connection, an answer we could not read) the provider may still have done it:
 * {@link #outcomeUnknown()}.
 */
public class ProviderFailedException extends RuntimeException {

    private final boolean outcomeUnknown;

    public ProviderFailedException(String provider, String reason, Throwable cause) {
        this(provider, reason, cause, false);
    }

    public ProviderFailedException(String provider, String reason, Throwable cause, boolean outcomeUnknown) {
        super(provider + " failed: " + reason, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /** Whether the provider may have carried the request out although the call failed. */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
