package io.annals.app.security;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * While the demo users are on, anyone who reaches the service can log in as {@code admin/admin-pw}: so unless
 * {@code server.address} is set, it listens on {@value #LOOPBACK} only (and so does a separate management port
 * unless {@code management.server.address} is set), and the start-up log says so.
 *
 * <p>An environment post-processor rather than a web-server customizer, so the rule is an ordinary lowest-precedence
 * property default that every web server (the management one included) and {@code /actuator/env} see, and that any
 * explicit setting overrides. It runs after {@code application.yml}, environment variables and arguments are loaded.
 */
class DemoUsersListenOnLoopback implements EnvironmentPostProcessor {

    static final String PROPERTY_SOURCE_NAME = "annalsDemoUsersOnLoopback";
    static final String LOOPBACK = "127.0.0.1";

    private final Log log;

    DemoUsersListenOnLoopback(DeferredLogFactory logs) {
        this.log = logs.getLog(DemoUsersListenOnLoopback.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!DemoUsers.on(environment)) {
            return;
        }
        Map<String, Object> defaults = new LinkedHashMap<>();
        if (!environment.containsProperty("server.address")) {
            defaults.put("server.address", LOOPBACK);
        }
        // Boot refuses management.server.address unless the management server has a port of its own
        if (ManagementPortType.get(environment) == ManagementPortType.DIFFERENT
                && !environment.containsProperty("management.server.address")) {
            defaults.put("management.server.address", LOOPBACK);
        }
        if (defaults.isEmpty()) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
        log.info("demo users are on: listening on " + LOOPBACK + " only; set server.address (e.g. 0.0.0.0) to "
                + "expose the service, best once real users replace them (annals.security.users, "
                + DemoUsers.PROPERTY + "=false)");
    }
}
