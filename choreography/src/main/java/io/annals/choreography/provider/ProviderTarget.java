package io.annals.choreography.provider;

import java.util.function.Supplier;

/**
 * Where a provider is called and as whom. The base URL is resolved at each call, so a target may depend on facts
 * known only once the application runs (such as the server's port).
 *
 * @param baseUrl  e.g. {@code http://localhost:8080/sandbox/payment}, without a trailing slash
 * @param username HTTP Basic user, or {@code null} for none
 * @param password HTTP Basic password; never logged
 */
public record ProviderTarget(Supplier<String> baseUrl, String username, String password) {

    public static ProviderTarget fixed(String baseUrl, String username, String password) {
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        return new ProviderTarget(() -> base, username, password);
    }

    @Override
    public String toString() {
        return "ProviderTarget[username=" + username + "]";
    }
}
