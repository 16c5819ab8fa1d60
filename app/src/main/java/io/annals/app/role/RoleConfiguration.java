package io.annals.app.role;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** {@code annals.roles}: which parts of Annals run on this instance. */
@Configuration(proxyBeanMethods = false)
class RoleConfiguration {

    /**
     * Static: a registry post-processor must exist before the configuration classes' beans. It also registers the
     * {@link Roles} it read as a bean, so the property is parsed once.
     */
    @Bean
    static RoleFilter roleFilter(Environment environment) {
        return new RoleFilter(Roles.from(environment));
    }
}
