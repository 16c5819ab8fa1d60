package io.annals.app.web.lean;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationConverter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

import java.util.List;

/**
 * The service's own security rules, asked directly: HTTP Basic credentials its authentication verified lately
 * ({@link VerifiedCredentials}), and the rules of the same filter chain's {@link AuthorizationFilter}. It only says
 * yes or no, and verifies no password itself; a no sends the request the full way, where the filter chain verifies
 * the credentials once and gives the 401 or 403 answer.
 */
final class LeanSecurity {

    private final VerifiedCredentials credentials;
    private final AuthorizationManager<HttpServletRequest> authorization;
    private final BasicAuthenticationConverter basic = new BasicAuthenticationConverter();

    LeanSecurity(List<SecurityFilterChain> chains, VerifiedCredentials credentials) {
        if (chains.size() != 1) {
            throw new IllegalStateException("the lean path knows one security filter chain, not " + chains.size());
        }
        List<Filter> filters = chains.get(0).getFilters();
        if (filters.stream().noneMatch(BasicAuthenticationFilter.class::isInstance)) {
            throw new IllegalStateException("the lean path authenticates HTTP Basic only, as the filter chain does");
        }
        this.authorization = filters.stream()
                .filter(AuthorizationFilter.class::isInstance)
                .map(filter -> ((AuthorizationFilter) filter).getAuthorizationManager())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the security filter chain has no authorization rules"));
        this.credentials = credentials;
    }

    /** The authenticated user when the request may call its endpoint, else {@code null}. */
    Authentication permitted(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        Authentication user;
        try {
            UsernamePasswordAuthenticationToken claimed = basic.convert(request);
            user = claimed == null || !(claimed.getCredentials() instanceof String password) ? null
                    : credentials.verified(claimed.getName(), password);
        } catch (AuthenticationException malformed) {
            return null;
        }
        if (user == null || !user.isAuthenticated()) {
            return null;
        }
        Authentication authenticated = user;
        AuthorizationResult decision = authorization.authorize(() -> authenticated, request);
        return decision != null && decision.isGranted() ? user : null;
    }
}
