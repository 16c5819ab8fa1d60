package io.annals.app.web.lean;

import io.annals.app.tracing.TracingConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.DispatcherType;
import jakarta.validation.Validator;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * The lean request path ({@link LeanPathFilter}), on unless {@code annals.web.lean-path.enabled=false}. With tracing
 * on, every request goes the full way, where Spring's observation gives it its span; so it does when Spring MVC sits
 * under a servlet path, or when Spring's forwarded-header filter rewrites requests (which of the two filters runs
 * first would be undefined).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "annals.web.lean-path.enabled", matchIfMissing = true)
@ConditionalOnExpression("'${spring.mvc.servlet.path:/}' == '/' "
        + "and !'${server.forward-headers-strategy:none}'.equalsIgnoreCase('framework')")
@Conditional(TracingConfiguration.TracingOff.class)
class LeanPathConfiguration {

    @Bean
    LeanRoutes leanRoutes(@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping,
                          JsonMapper json, Validator validator, MeterRegistry meters) {
        return new LeanRoutes(mapping, json, validator, meters);
    }

    /** First of all filters: before the HTTP observation, which it replaces with its own timing. */
    @Bean
    FilterRegistrationBean<LeanPathFilter> leanPathFilter(
            LeanRoutes routes, List<SecurityFilterChain> chains, VerifiedCredentials credentials,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver, MeterRegistry meters) {
        FilterRegistrationBean<LeanPathFilter> registration = new FilterRegistrationBean<>(new LeanPathFilter(
                routes, new LeanSecurity(chains, credentials), exceptionResolver, meters));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }
}
