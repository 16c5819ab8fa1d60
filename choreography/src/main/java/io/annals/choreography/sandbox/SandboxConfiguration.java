package io.annals.choreography.sandbox;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** The sandbox providers and where the gateways find them; only when {@link SandboxEnabledCondition} matches. */
@Configuration(proxyBeanMethods = false)
@Conditional(SandboxEnabledCondition.class)
@EnableConfigurationProperties(SandboxProperties.class)
public class SandboxConfiguration {

    @Bean
    SandboxProviders sandboxProviders(SandboxProperties properties) {
        return new SandboxProviders(properties.rememberedKeys());
    }

    @Bean
    SandboxTargets sandboxTargets(Environment environment, SandboxProperties properties) {
        return new SandboxTargets(environment, properties);
    }
}
