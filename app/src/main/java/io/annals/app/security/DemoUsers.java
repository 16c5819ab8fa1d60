package io.annals.app.security;

import io.annals.db.NoDataSourceUrlCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * When the demo users ({@code reader}/{@code writer}/{@code admin} with their published passwords) are on:
 * {@code annals.security.demo-users} if set, otherwise exactly when the embedded database runs (no
 * {@code spring.datasource.url}), i.e. on a developer's first {@code java -jar}.
 */
final class DemoUsers {

    static final String PROPERTY = "annals.security.demo-users";

    private DemoUsers() {
    }

    /** Reads the settings as configuration binding does (so {@code ANNALS_SECURITY_DEMOUSERS} counts too). */
    static boolean on(Environment environment) {
        return Binder.get(environment).bind(PROPERTY, Boolean.class)
                .orElseGet(() -> NoDataSourceUrlCondition.isEmbedded(environment));
    }
}
