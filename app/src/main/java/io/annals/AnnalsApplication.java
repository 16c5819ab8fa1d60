package io.annals;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Annals: the composition root. Sits in the root package so that component, entity and repository scanning cover
 * every module ({@code io.annals.command}, {@code io.annals.query}, {@code io.annals.choreography}, {@code io.annals.app}).
 */
@SpringBootApplication
@EnableScheduling
public class AnnalsApplication {

    public static void main(String[] args) {
        // Axon 4.13 would contact its vendor at start-up; Annals never phones home.
        System.setProperty("axoniq.update-checker.disabled", "true");
        System.setProperty("disable-axoniq-console-message", "true");
        SpringApplication.run(AnnalsApplication.class, args);
    }
}
