package io.annals.app.web.lean;

import org.springframework.security.core.Authentication;

/**
 * HTTP Basic credentials the service verified recently, as its authentication remembers them. The lean path serves
 * only these: it never verifies a password itself, so a wrong or new one is checked once, on the full path.
 */
public interface VerifiedCredentials {

    /** What {@code user} with {@code password} was verified as, or {@code null} when it was not verified lately. */
    Authentication verified(String user, String password);
}
