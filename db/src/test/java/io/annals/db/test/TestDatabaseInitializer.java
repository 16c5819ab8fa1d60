package io.annals.db.test;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.test.context.support.TestPropertySourceUtils;

import java.util.Map;

/**
 * Points every Spring application started in a test JVM at the shared {@link TestDatabase}, and switches on the demo
 * users ({@code reader}, {@code writer}, {@code admin}), which are otherwise off with an external database.
 *
 * <p>Registered in this test-jar's {@code META-INF/spring.factories}, so any {@code @SpringBootTest} in a module that
 * has the db test-jar on its test classpath uses it without further annotations. Its properties take precedence over
 * {@code application.yml} and environment variables (a developer's {@code SPRING_DATASOURCE_URL} never makes tests
 * write into a real database), but a test's own inlined properties ({@code @SpringBootTest(properties = ...)}) still
 * win.
 */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    static final String PROPERTY_SOURCE_NAME = "annalsTestDatabase";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        ConfigurableEnvironment environment = context.getEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        if (sources.contains(PROPERTY_SOURCE_NAME)) {
            return;
        }
        TestDatabase database = TestDatabase.instance();
        MapPropertySource properties = new MapPropertySource(PROPERTY_SOURCE_NAME, Map.of(
                "spring.datasource.url", database.jdbcUrl(),
                "spring.datasource.username", database.username(),
                "spring.datasource.password", database.password(),
                "annals.security.demo-users", "true"));
        String inlined = TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME;
        if (sources.contains(inlined)) {
            sources.addAfter(inlined, properties);
        } else {
            sources.addFirst(properties);
        }
    }
}
