package io.annals.app.role;

import io.annals.app.test.ApiClient;
import io.annals.app.test.ApiClient.Answer;
import io.annals.app.test.Instances;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Set;
import java.util.UUID;

import static io.annals.app.test.ApiClient.productJson;
import static io.annals.app.test.ApiClient.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code annals.roles}: a command instance and a query instance on one database work as one service, and each
 * runs only its own part (endpoints, projections, saga).
 */
class InstanceRolesTest {

    /** Started once for the class: each instance is a whole application. */
    private static ConfigurableApplicationContext command;
    private static ConfigurableApplicationContext query;

    @BeforeAll
    static void startInstances() {
        command = startNode("command");
        query = startNode("query");
    }

    @AfterAll
    static void stopInstances() {
        if (query != null) {
            query.close();
        }
        if (command != null) {
            command.close();
        }
    }

    @Test
    void aCommandInstanceAndAQueryInstanceTogetherServeWritesAndReads() {
        ApiClient writes = ApiClient.of(command);
        ApiClient reads = ApiClient.of(query);
        String sku = uniqueSku("ROLES");

        assertThat(writes.post("/api/products", productJson(sku, "Split", 5, "1.00", "EUR")).status())
                .isEqualTo(201);
        assertThat(writes.restock(sku, 2).status()).isEqualTo(200);

        assertThat(reads.viewAtLeast("/api/products/" + sku, 1).path("available").asLong()).isEqualTo(7);
        assertThat(reads.post("/api/products", productJson(uniqueSku("ROLES"), "No", 1, "1.00", "EUR")).status())
                .as("no command endpoints on a query instance").isEqualTo(405);
        assertThat(writes.get("/api/products/" + sku).status())
                .as("no read endpoints on a command instance").isEqualTo(404);

        assertThat(writes.post("/api/intake/events", "{}").status())
                .as("no intake on an instance without the intake role").isEqualTo(404);
        assertThat(reads.get("/api/intake/events").status()).isEqualTo(404);

        assertThat(processors(command)).doesNotContain("products", "customers", "orders", "fulfilment", "intake");
        assertThat(processors(query)).contains("products", "customers", "orders")
                .doesNotContain("fulfilment", "intake");
    }

    @Test
    void eachInstanceReportsTheHealthOfItsOwnProcessors() {
        assertThat(healthOfProcessors(command)).doesNotContain("products", "customers", "orders", "fulfilment",
                "intake");
        assertThat(healthOfProcessors(query)).contains("products", "customers", "orders")
                .doesNotContain("fulfilment", "intake");
    }

    @Test
    void anIdempotencyKeySentToAQueryInstanceIsNotRememberedThere() {
        String key = "key-" + UUID.randomUUID();
        String body = productJson(uniqueSku("ROLES"), "Keyed", 1, "1.00", "EUR");

        Answer misrouted = ApiClient.of(query).post("/api/products", body, "Idempotency-Key", key);

        assertThat(misrouted.status()).as("no command endpoints on a query instance").isEqualTo(405);
        assertThat(storedKeys(key)).as("a routing answer is not the endpoint's answer").isZero();
        Answer created = ApiClient.of(command).post("/api/products", body, "Idempotency-Key", key);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(storedKeys(key)).isEqualTo(1);
    }

    @Test
    void anUnknownRoleStopsTheStart() {
        assertThatThrownBy(() -> startNode("command,reporting").close())
                .hasStackTraceContaining(Roles.PROPERTY);
    }

    private static long storedKeys(String key) {
        Long count = command.getBean(JdbcTemplate.class).queryForObject(
                "SELECT count(*) FROM idempotency_record WHERE idempotency_key = ?", Long.class, key);
        return count == null ? 0 : count;
    }

    /** The processors in the instance's health, as ADMIN sees it. */
    private static Set<String> healthOfProcessors(ConfigurableApplicationContext context) {
        Answer health = ApiClient.of(context).as(ApiClient.ADMIN).get("/actuator/health");
        assertThat(health.status()).as(health.body()).isEqualTo(200);
        Set<String> names = new java.util.TreeSet<>();
        health.json().path("components").path("processors").path("components").propertyNames().forEach(names::add);
        return names;
    }

    /** The names of the instance's event processors (the test classpath adds probes of its own). */
    private static Set<String> processors(ConfigurableApplicationContext context) {
        return context.getBean(EventProcessingConfiguration.class).eventProcessors().keySet();
    }

    private static ConfigurableApplicationContext startNode(String roles) {
        return Instances.start("--" + Roles.PROPERTY + "=" + roles);
    }
}
