package io.annals.command.idempotency;

import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The paths of the POST endpoints whose controller methods carry {@link IdempotentCreate}, learnt from Spring MVC's
 * handler methods once every singleton (so every controller) exists — before the web server takes requests. The
 * filter runs before Spring MVC routes a request, so it needs this table rather than the routing's answer.
 */
@Component
@InstanceRole(Role.COMMAND)
class CreatingEndpoints implements SmartInitializingSingleton {

    private final ObjectProvider<RequestMappingHandlerMapping> handlerMapping;
    private volatile Set<String> paths;

    CreatingEndpoints(@Qualifier("requestMappingHandlerMapping")
                      ObjectProvider<RequestMappingHandlerMapping> handlerMapping) {
        this.handlerMapping = handlerMapping;
    }

    @Override
    public void afterSingletonsInstantiated() {
        paths = Set.copyOf(learn(handlerMapping.getObject().getHandlerMethods()));
    }

    /** Whether a POST to {@code path} (the request URI) is a creation. */
    boolean containsPost(String path) {
        Set<String> learnt = paths;
        if (learnt == null) {
            throw new IllegalStateException("creating endpoints asked for before the application context was ready");
        }
        return learnt.contains(path);
    }

    static Set<String> learn(Map<RequestMappingInfo, HandlerMethod> handlerMethods) {
        Set<String> paths = new HashSet<>();
        handlerMethods.forEach((mapping, method) -> {
            if (!method.hasMethodAnnotation(IdempotentCreate.class)) {
                return;
            }
            if (!mapping.getMethodsCondition().getMethods().equals(Set.of(RequestMethod.POST))) {
                throw new IllegalStateException("@IdempotentCreate on " + method + " needs a POST-only mapping");
            }
            for (String pattern : mapping.getPatternValues()) {
                if (pattern.contains("{") || pattern.contains("*")) {
                    throw new IllegalStateException("@IdempotentCreate on " + method
                            + " needs a fixed path, but is mapped to " + pattern);
                }
                paths.add(pattern);
            }
        });
        return paths;
    }
}
