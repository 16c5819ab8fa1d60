package io.annals.app.role;

import io.annals.app.test.ApiClient;
import io.annals.app.test.Instances;
import org.axonframework.config.EventProcessingConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

import java.util.Set;

import static io.annals.app.test.ApiClient.productJson;
import static io.annals.app.test.ApiClient.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code annals.roles}: a command instance and a query instance on one database work as one service, and each
 * runs only its own part (endpoints, projections, saga).
 */
class InstanceRolesTest {

    @Test
    void aCommandInstanceAndAQueryInstanceTogetherServeWritesAndReads() {
        try (ConfigurableApplicationContext command = startNode("command");
             ConfigurableApplicationContext query = startNode("query")) {
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

            assertThat(processors(command)).doesNotContain("products", "customers", "orders", "fulfilment");
            assertThat(processors(query)).contains("products", "customers", "orders").doesNotContain("fulfilment");
        }
    }

    @Test
    void anUnknownRoleStopsTheStart() {
        assertThatThrownBy(() -> startNode("command,reporting").close())
                .hasStackTraceContaining(Roles.PROPERTY);
    }

    /** The names of the instance's event processors (the test classpath adds probes of its own). */
    private static Set<String> processors(ConfigurableApplicationContext context) {
        return context.getBean(EventProcessingConfiguration.class).eventProcessors().keySet();
    }

    private static ConfigurableApplicationContext startNode(String roles) {
        return Instances.start("--" + Roles.PROPERTY + "=" + roles);
    }
}
