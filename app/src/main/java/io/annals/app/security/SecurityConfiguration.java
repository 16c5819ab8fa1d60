package io.annals.app.security;

import io.annals.app.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import java.util.ArrayList;
import java.util.List;

/**
 * HTTP Basic with three roles (ADMIN ⊃ WRITER ⊃ READER): READER for every GET under /api, WRITER for every command,
 * ADMIN for /api/admin and actuator beyond health. Health, the OpenAPI document and Swagger UI are open.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, AuthenticationManager authenticationManager) throws Exception {
        return http
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authenticationManager(authenticationManager)
                .httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> {
                    response.setHeader("WWW-Authenticate", "Basic realm=\"annals\"");
                    Problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required",
                            "Send HTTP Basic credentials.");
                }))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) -> {
                            response.setHeader("WWW-Authenticate", "Basic realm=\"annals\"");
                            Problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required",
                                    "Send HTTP Basic credentials.");
                        })
                        .accessDeniedHandler((request, response, e) -> Problems.write(response, HttpStatus.FORBIDDEN,
                                "forbidden", "Forbidden", "Your role does not allow this call.")))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**",
                                "/swagger-ui.html", "/swagger-ui/**", "/error").permitAll()
                        .requestMatchers("/actuator/**", "/api/admin/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole("READER")
                        .requestMatchers(HttpMethod.HEAD, "/api/**").hasRole("READER")
                        .requestMatchers("/api/**").hasRole("WRITER")
                        // the sandbox providers remember an answer per key: only writers, who start provider calls
                        .requestMatchers("/sandbox/**").hasRole("WRITER")
                        .anyRequest().authenticated())
                .build();
    }

    /**
     * No observation around every security filter: a profile of the restock workload showed the wrappers among the
     * largest per-request costs, and HTTP server metrics already time each request.
     */
    @Bean
    SecurityObservationSettings noSecurityFilterObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return new RememberedRoleHierarchy(
                RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_WRITER\nROLE_WRITER > ROLE_READER"));
    }

    @Bean
    CachingAuthenticationProvider cachingAuthenticationProvider(SecurityProperties properties,
                                                                Environment environment) {
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager(users(properties, environment, encoder));
        DaoAuthenticationProvider dao = new DaoAuthenticationProvider(users);
        dao.setPasswordEncoder(encoder);
        return new CachingAuthenticationProvider(dao, properties.credentialCacheTtl());
    }

    @Bean
    AuthenticationManager authenticationManager(CachingAuthenticationProvider cachingAuthenticationProvider) {
        return new ProviderManager(cachingAuthenticationProvider);
    }

    private static List<UserDetails> users(SecurityProperties properties, Environment environment,
                                           PasswordEncoder encoder) {
        List<UserDetails> users = new ArrayList<>();
        for (SecurityProperties.User user : properties.users()) {
            users.add(User.withUsername(user.name()).password(user.password())
                    .roles(user.roles().toArray(String[]::new)).build());
        }
        if (DemoUsers.on(environment)) {
            log.warn("demo users reader/writer/admin are active: not for production");
            users.add(User.withUsername("reader").password(encoder.encode("reader-pw")).roles("READER").build());
            users.add(User.withUsername("writer").password(encoder.encode("writer-pw")).roles("WRITER").build());
            users.add(User.withUsername("admin").password(encoder.encode("admin-pw")).roles("ADMIN").build());
        }
        if (users.isEmpty()) {
            throw new IllegalStateException("No users configured. With an external database the demo users are off: "
                    + "configure annals.security.users, or set annals.security.demo-users=true to use them anyway.");
        }
        return users;
    }
}
