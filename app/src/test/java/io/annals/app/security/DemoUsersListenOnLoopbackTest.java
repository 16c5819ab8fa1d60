package io.annals.app.security;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.mock.env.MockEnvironment;

import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** While the demo users are on, the service listens on loopback unless an address is configured. */
class DemoUsersListenOnLoopbackTest {

    private static final String EXTERNAL_DATABASE = "jdbc:postgresql://db.example:5432/annals";

    private final DemoUsersListenOnLoopback testSubject =
            new DemoUsersListenOnLoopback((DeferredLogFactory) Supplier::get);

    @Test
    void withTheEmbeddedDatabaseTheDemoUsersAreOnAndTheServiceListensOnLoopback() {
        MockEnvironment environment = new MockEnvironment();

        testSubject.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void aConfiguredAddressWinsOverTheLoopbackDefault() {
        MockEnvironment environment = new MockEnvironment().withProperty("server.address", "0.0.0.0");

        testSubject.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("server.address")).isEqualTo("0.0.0.0");
        assertThat(environment.getPropertySources().contains(DemoUsersListenOnLoopback.PROPERTY_SOURCE_NAME))
                .isFalse();
    }

    @Test
    void withAnExternalDatabaseAndNoDemoUsersNothingChanges() {
        MockEnvironment environment = new MockEnvironment().withProperty("spring.datasource.url", EXTERNAL_DATABASE);

        testSubject.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("server.address")).isNull();
    }

    @Test
    void demoUsersSwitchedOffWithTheEmbeddedDatabaseChangeNothing() {
        MockEnvironment environment = new MockEnvironment().withProperty("annals.security.demo-users", "false");

        testSubject.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("server.address")).isNull();
    }

    @Test
    void demoUsersSwitchedOnWithAnExternalDatabaseListenOnLoopbackToo() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.datasource.url", EXTERNAL_DATABASE)
                .withProperty("annals.security.demo-users", "true");

        testSubject.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void aSeparateManagementPortListensOnLoopbackToo() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("server.port", "8080")
                .withProperty("management.server.port", "9090");

        testSubject.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.server.address")).isEqualTo("127.0.0.1");
    }

    @Test
    void managementOnTheServicePortGetsNoAddressOfItsOwn() {
        // Boot refuses to start when management.server.address is set without a management port of its own
        MockEnvironment environment = new MockEnvironment();

        testSubject.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("management.server.address")).isNull();
    }
}
