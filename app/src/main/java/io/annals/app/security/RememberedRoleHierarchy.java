package io.annals.app.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.core.GrantedAuthority;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Remembers the authorities each set of authorities reaches. Spring's {@code RoleHierarchyImpl} works them out on
 * every authorization and hands a debug message to commons-logging, whose SLF4J bridge (1.3.6) formats the message
 * before it asks whether debug is on: with Spring Security 7's timestamped factor authority in every set, that was
 * 13 % of a read request's CPU in a JFR profile. A user's authorities stay the same while the verification that
 * produced them is cached, so each set is worked out once.
 */
final class RememberedRoleHierarchy implements RoleHierarchy {

    private final RoleHierarchy delegate;
    private final Cache<List<GrantedAuthority>, Collection<? extends GrantedAuthority>> reachable =
            Caffeine.newBuilder().maximumSize(10_000).expireAfterAccess(Duration.ofMinutes(10)).build();

    RememberedRoleHierarchy(RoleHierarchy delegate) {
        this.delegate = delegate;
    }

    @Override
    public Collection<? extends GrantedAuthority> getReachableGrantedAuthorities(
            Collection<? extends GrantedAuthority> authorities) {
        if (authorities == null || authorities.isEmpty()) {
            return delegate.getReachableGrantedAuthorities(authorities);
        }
        return reachable.get(List.copyOf(authorities), delegate::getReachableGrantedAuthorities);
    }
}
