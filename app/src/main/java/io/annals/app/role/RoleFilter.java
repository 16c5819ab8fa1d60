package io.annals.app.role;

import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes the definitions of {@link InstanceRole} components whose role this instance does not run, before any
 * bean is created.
 *
 * <p>Written by hand because Spring's conditions cannot express "this role is in a list" without each module
 * depending on Spring Boot's property conditions and repeating the parsing; one filter keeps the rule in one place.
 * It runs while bean definitions are registered, so Axon's handler, saga and processor lookups (which run
 * afterwards, on the bean factory) never see a removed projection or saga: its processor is not even created.
 */
final class RoleFilter implements BeanDefinitionRegistryPostProcessor, Ordered {

    private static final Logger log = LoggerFactory.getLogger(RoleFilter.class);

    private final Roles roles;

    RoleFilter(Roles roles) {
        this.roles = roles;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        List<String> removed = new ArrayList<>();
        for (String name : registry.getBeanDefinitionNames()) {
            Role role = roleOf(registry.getBeanDefinition(name));
            if (role != null && !roles.runs(role)) {
                registry.removeBeanDefinition(name);
                removed.add(name);
            }
        }
        log.info("roles {}: left out {}", roles.enabled(), removed);
    }

    /** Makes the roles read here available to the components that ask for {@link Roles}. */
    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        beanFactory.registerSingleton("roles", roles);
    }

    /** Before Axon's lookups and any other registry post-processor of ours. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    private static Role roleOf(BeanDefinition definition) {
        if (!(definition instanceof AnnotatedBeanDefinition annotated)) {
            return null;
        }
        Role role = roleOn(annotated.getMetadata());
        return role != null || annotated.getFactoryMethodMetadata() == null ? role
                : roleOn(annotated.getFactoryMethodMetadata());
    }

    private static Role roleOn(AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = metadata.getAnnotationAttributes(InstanceRole.class.getName());
        if (attributes == null) {
            return null;
        }
        Object value = attributes.get("value");
        return value instanceof Role role ? role : Role.valueOf(String.valueOf(value));
    }
}
