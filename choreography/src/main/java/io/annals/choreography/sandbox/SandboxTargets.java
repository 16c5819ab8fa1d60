package io.annals.choreography.sandbox;

import io.annals.choreography.provider.DefaultProviderTargets;
import io.annals.choreography.provider.ProviderTarget;
import org.springframework.core.env.Environment;
import org.springframework.web.client.ResourceAccessException;

/**
 * Points providers without a configured base URL at this application's own sandbox, on the port the server really
 * listens on (known only once it started: tests use a random one), as the configured sandbox user.
 */
final class SandboxTargets implements DefaultProviderTargets {

    /** Set by Spring Boot once the web server listens. */
    private static final String LOCAL_SERVER_PORT = "local.server.port";
    private static final String CONTEXT_PATH = "server.servlet.context-path";

    private final Environment environment;
    private final SandboxProperties properties;

    SandboxTargets(Environment environment, SandboxProperties properties) {
        this.environment = environment;
        this.properties = properties;
    }

    @Override
    public ProviderTarget targetFor(String provider) {
        return new ProviderTarget(() -> baseUrl(provider), properties.username(), properties.password());
    }

    private String baseUrl(String provider) {
        String port = environment.getProperty(LOCAL_SERVER_PORT);
        if (port == null) {
            // a transient failure: the call is retried, and the server will be listening soon
            throw new ResourceAccessException("the sandbox is not reachable before the web server has started");
        }
        String contextPath = environment.getProperty(CONTEXT_PATH, "");
        return "http://localhost:" + port + contextPath + SandboxProviderController.ROOT + "/" + provider;
    }
}
