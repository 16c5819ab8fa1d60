package io.annals.app.test;

import io.annals.AnnalsApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.stream.Stream;

/** Further Annals instances a test starts itself, on the shared test database and a free port. */
public final class Instances {

    private Instances() {
    }

    /**
     * Starts an instance with {@code --name=value} {@code arguments}: arguments, not default properties, because
     * application.yml would win over those (its {@code server.port} among them).
     */
    public static ConfigurableApplicationContext start(String... arguments) {
        return new SpringApplicationBuilder(AnnalsApplication.class)
                .run(Stream.concat(Stream.of("--server.port=0"), Stream.of(arguments)).toArray(String[]::new));
    }
}
