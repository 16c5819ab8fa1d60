package io.annals.app.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.annals.app.web.lean.VerifiedCredentials;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Remembers successful HTTP Basic verifications for a short time. BCrypt costs tens of milliseconds of CPU, which on
 * every request would cap throughput at a few dozen requests per second per core. The cache key is a SHA-256 of
 * user and password (never the password itself); failures are not cached, so a wrong password is always checked.
 */
class CachingAuthenticationProvider implements AuthenticationProvider, VerifiedCredentials {

    private final AuthenticationProvider delegate;
    private final Cache<String, Authentication> verified;

    CachingAuthenticationProvider(AuthenticationProvider delegate, Duration ttl) {
        this.delegate = delegate;
        this.verified = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(10_000).build();
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        if (!(authentication.getCredentials() instanceof String password)) {
            return delegate.authenticate(authentication);
        }
        // concurrent requests with the same credential wait for one verification instead of each running BCrypt;
        // a failed verification throws, and Caffeine caches nothing for it
        return verified.get(fingerprint(authentication.getName(), password), key -> {
            Authentication result = delegate.authenticate(authentication);
            return result != null && result.isAuthenticated() ? result : null;
        });
    }

    @Override
    public Authentication verified(String user, String password) {
        return verified.getIfPresent(fingerprint(user, password));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static String fingerprint(String user, String password) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(user.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
