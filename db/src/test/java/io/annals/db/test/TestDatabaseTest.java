package io.annals.db.test;

import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class TestDatabaseTest {

    private final TestDatabase testSubject = TestDatabase.instance();

    @Test
    void isOnePostgreSql17PerJvm() throws SQLException {
        assertThat(TestDatabase.instance()).isSameAs(testSubject);
        try (Connection connection = DriverManager.getConnection(
                testSubject.jdbcUrl(), testSubject.username(), testSubject.password());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SHOW server_version_num")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getInt(1)).as("server_version_num of %s", testSubject.description())
                    .isBetween(170000, 179999);
        }
    }

    @Test
    void initializerPointsSpringAtTheTestDatabaseWithDemoUsers() {
        try (GenericApplicationContext context = new GenericApplicationContext()) {
            ConfigurableEnvironment environment = context.getEnvironment();

            new TestDatabaseInitializer().initialize(context);

            assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(testSubject.jdbcUrl());
            assertThat(environment.getProperty("spring.datasource.username")).isEqualTo(testSubject.username());
            assertThat(environment.getProperty("spring.datasource.password")).isEqualTo(testSubject.password());
            assertThat(environment.getProperty("annals.security.demo-users")).isEqualTo("true");
        }
    }
}
