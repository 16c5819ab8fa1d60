package io.annals.app.deadline;

import io.annals.AnnalsApplication;
import org.axonframework.config.Configuration;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 6 "Deadlines": Axon deadlines kept by db-scheduler in PostgreSQL survive a restart and fire once when several
 * instances share the database. Each instance is a whole application (its own Spring context) on the test JVM's
 * database; {@link DeadlineProbeSaga} schedules the deadlines and records who fired them.
 */
class PersistentDeadlineTest {

    private static final Duration FIRING_TIMEOUT = Duration.ofSeconds(60);
    /** Long enough that the first instance is surely gone before it is due (it closes in well under a second). */
    private static final Duration DUE_AFTER_RESTART = Duration.ofSeconds(5);
    private static final Duration DUE_SOON = Duration.ofSeconds(1);
    /** A second firing by another instance would come within a few polling intervals (500 ms). */
    private static final Duration FIRED_ONCE_OBSERVATION = Duration.ofSeconds(3);

    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @AfterEach
    void stopInstances() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void aDeadlineScheduledBeforeARestartFiresAfterIt() {
        ConfigurableApplicationContext first = startInstance();
        String probe = UUID.randomUUID().toString();
        startProbe(first, probe, DUE_AFTER_RESTART);
        await().atMost(FIRING_TIMEOUT).until(() -> storedDeadlines(first, probe).size() == 1);
        assertThat(storedDeadlines(first, probe).get(0))
                .as("task data is JSON, not Java serialization").startsWith("{").contains(DeadlineProbeSaga.DEADLINE);
        String firstInstance = first.getBean(InstanceId.class).id();
        assertThat(first.getBean(Configuration.class).deadlineManager()).isInstanceOf(DbSchedulerDeadlineManager.class);
        assertThat(DeadlineProbeSaga.scheduledWith(probe)).isEqualTo(DbSchedulerDeadlineManager.class);

        first.close();
        assertThat(DeadlineProbeSaga.firedBy(probe)).as("fired before the restart").isEmpty();
        ConfigurableApplicationContext second = startInstance();

        await().atMost(FIRING_TIMEOUT).until(() -> !DeadlineProbeSaga.firedBy(probe).isEmpty());
        assertThat(DeadlineProbeSaga.firedBy(probe)).hasSize(1).doesNotContain(firstInstance);
        await().atMost(FIRING_TIMEOUT).until(() -> storedDeadlines(second, probe).isEmpty());
    }

    @Test
    void withTwoInstancesOnOneDatabaseEachDeadlineFiresOnce() {
        ConfigurableApplicationContext one = startInstance();
        ConfigurableApplicationContext two = startInstance();
        List<String> probes = IntStream.range(0, 8).mapToObj(i -> UUID.randomUUID().toString()).toList();

        for (int i = 0; i < probes.size(); i++) {
            startProbe(i % 2 == 0 ? one : two, probes.get(i), DUE_SOON);
        }

        await().atMost(FIRING_TIMEOUT)
                .until(() -> probes.stream().noneMatch(probe -> DeadlineProbeSaga.firedBy(probe).isEmpty()));
        await().during(FIRED_ONCE_OBSERVATION).atMost(FIRED_ONCE_OBSERVATION.multipliedBy(2))
                .untilAsserted(() -> assertThat(probes).allSatisfy(probe ->
                        assertThat(DeadlineProbeSaga.firedBy(probe)).as("instances that fired %s", probe).hasSize(1)));
    }

    /** A whole application on the test database (the db test-jar's initializer points every context at it). */
    private ConfigurableApplicationContext startInstance() {
        // a command-line argument: default properties would lose to application.yml's port
        ConfigurableApplicationContext context = new SpringApplicationBuilder(AnnalsApplication.class)
                .run("--server.port=0");
        instances.add(context);
        return context;
    }

    /**
     * Starts a probe saga with a deadline due after {@code delay}. Saga processors begin at the head of the event
     * stream, so the probe event is published only once the probe group's tokens exist.
     */
    private static void startProbe(ConfigurableApplicationContext instance, String probe, Duration delay) {
        JdbcTemplate jdbc = instance.getBean(JdbcTemplate.class);
        await().atMost(FIRING_TIMEOUT).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM token_entry WHERE processor_name = ?", Long.class, DeadlineProbeSaga.GROUP) > 0);
        instance.getBean(EventGateway.class).publish(new DeadlineProbeSaga.Started(probe, delay.toMillis()));
    }

    /** The probe's deadlines still waiting in db-scheduler's table, as the task data text. */
    private static List<String> storedDeadlines(ConfigurableApplicationContext instance, String probe) {
        return instance.getBean(JdbcTemplate.class).queryForList(
                "SELECT convert_from(task_data, 'UTF8') FROM scheduled_tasks"
                        + " WHERE position(? IN convert_from(task_data, 'UTF8')) > 0", String.class, probe);
    }
}
