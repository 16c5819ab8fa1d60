package io.annals.app.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Who may call Annals.
 *
 * @param demoUsers          {@code reader}/{@code writer}/{@code admin} with the documented passwords; when unset,
 *                           on only with the embedded database. While they are on, the service listens on
 *                           {@code 127.0.0.1} unless {@code server.address} is set (see
 *                           {@link DemoUsersListenOnLoopback})
 * @param users              further users; {@code password} is a Spring Security encoded password such as
 *                           {@code {bcrypt}$2a$...}
 * @param credentialCacheTtl how long a verified credential is remembered, so BCrypt does not run on every request
 */
@ConfigurationProperties("annals.security")
public record SecurityProperties(Boolean demoUsers,
                                 @DefaultValue List<User> users,
                                 @DefaultValue("60s") Duration credentialCacheTtl) {

    public record User(String name, String password, List<String> roles) {
    }
}
