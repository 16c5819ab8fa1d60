package io.annals.choreography.sandbox;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when the sandbox providers are on: {@code annals.sandbox.enabled} if set, otherwise exactly when the demo
 * users are ({@code annals.security.demo-users}, which itself defaults to "the embedded database runs", i.e. no
 * {@code spring.datasource.url}). The sandbox's default credentials are a demo user, hence the same rule.
 */
public class SandboxEnabledCondition implements Condition {

    static final String ENABLED = "annals.sandbox.enabled";
    static final String DEMO_USERS = "annals.security.demo-users";
    static final String DATASOURCE_URL = "spring.datasource.url";

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return isEnabled(context.getEnvironment());
    }

    public static boolean isEnabled(Environment environment) {
        Boolean enabled = environment.getProperty(ENABLED, Boolean.class);
        if (enabled != null) {
            return enabled;
        }
        Boolean demoUsers = environment.getProperty(DEMO_USERS, Boolean.class);
        if (demoUsers != null) {
            return demoUsers;
        }
        return !StringUtils.hasText(environment.getProperty(DATASOURCE_URL));
    }
}
