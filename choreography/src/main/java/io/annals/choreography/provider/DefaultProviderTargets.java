package io.annals.choreography.provider;

/**
 * Where a provider without a configured {@code base-url} is called: the built-in sandbox implements this when it
 * is on. Without such a bean every provider needs its {@code base-url}.
 */
public interface DefaultProviderTargets {

    /** @param provider {@code payment}, {@code shipping} or {@code notification} */
    ProviderTarget targetFor(String provider);
}
