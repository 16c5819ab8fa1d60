package io.annals.app.role;

import io.annals.kernel.role.Role;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RolesTest {

    @Test
    void withoutThePropertyAnInstanceRunsEveryRole() {
        assertThat(Roles.from(new MockEnvironment()).enabled()).containsExactlyInAnyOrder(Role.values());
    }

    @Test
    void rolesAreACommaSeparatedListInAnyCase() {
        Roles roles = Roles.from(new MockEnvironment().withProperty(Roles.PROPERTY, "Command, saga"));

        assertThat(roles.runs(Role.COMMAND)).isTrue();
        assertThat(roles.runs(Role.SAGA)).isTrue();
        assertThat(roles.runs(Role.QUERY)).isFalse();
    }

    @Test
    void anUnknownRoleIsRefusedNamingTheProperty() {
        MockEnvironment environment = new MockEnvironment().withProperty(Roles.PROPERTY, "command,reporting");

        assertThatThrownBy(() -> Roles.from(environment)).hasMessageContaining(Roles.PROPERTY);
    }

    @Test
    void anEmptyListIsRefused() {
        assertThatThrownBy(() -> new Roles(java.util.Set.of())).hasMessageContaining(Roles.PROPERTY);
    }
}
