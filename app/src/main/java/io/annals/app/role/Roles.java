package io.annals.app.role;

import io.annals.kernel.role.Role;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import java.util.EnumSet;
import java.util.Set;

/**
 * The roles this instance runs, from {@code annals.roles} (comma-separated, any case; default all). An unknown
 * role or an empty list stops the start with a message naming the property.
 */
public record Roles(Set<Role> enabled) {

    public static final String PROPERTY = "annals.roles";

    public Roles {
        if (enabled.isEmpty()) {
            throw new IllegalArgumentException(PROPERTY + " names no role; leave it unset to run all of "
                    + EnumSet.allOf(Role.class));
        }
        enabled = Set.copyOf(enabled);
    }

    public static Roles from(Environment environment) {
        return new Roles(Binder.get(environment)
                .bind(PROPERTY, Bindable.setOf(Role.class))
                .orElseGet(() -> EnumSet.allOf(Role.class)));
    }

    public boolean runs(Role role) {
        return enabled.contains(role);
    }
}
