package io.annals.choreography.provider;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.ArrayList;
import java.util.List;

/**
 * A Spring context of {@link ProviderConfiguration} alone: the gateways, their circuits and retries, bound from
 * properties as in the application, with every provider at {@code baseUrl} (a stub server). No web server, no
 * database. Short backoffs keep the tests fast; each test adds what it checks.
 */
final class ProviderContexts {

    static final String USER = "annals-test";
    static final String PASSWORD = "s3cret-test-pw";

    private ProviderContexts() {
    }

    static ApplicationContextRunner against(String baseUrl, String... properties) {
        List<String> all = new ArrayList<>();
        for (String provider : List.of(PaymentGateway.NAME, ShippingGateway.NAME, NotificationGateway.NAME)) {
            String prefix = "annals.providers." + provider + ".";
            all.add(prefix + "base-url=" + baseUrl + "/" + provider);
            all.add(prefix + "username=" + USER);
            all.add(prefix + "password=" + PASSWORD);
            all.add(prefix + "read-timeout=500ms");
            all.add(prefix + "retry.initial-backoff=5ms");
            all.add(prefix + "retry.max-backoff=20ms");
        }
        all.addAll(List.of(properties));
        return new ApplicationContextRunner()
                .withUserConfiguration(ProviderConfiguration.class)
                .withPropertyValues(all.toArray(String[]::new));
    }
}
