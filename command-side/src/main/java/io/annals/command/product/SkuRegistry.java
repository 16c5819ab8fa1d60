package io.annals.command.product;

import io.annals.kernel.product.FindUnknownSkus;
import io.annals.kernel.product.UnknownSkus;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The command side's own record of registered skus ({@code sku_registry}). A product's row is written inside the
 * command that registers it, so the row and the product's first event commit or roll back together (a duplicate sku
 * fails on the event store's unique index and takes the row with it). Other modules ask through the query bus
 * ({@link FindUnknownSkus}), never by reading this table or the event store.
 */
@Component
public class SkuRegistry {

    private final JdbcTemplate jdbc;

    SkuRegistry(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void register(String sku) {
        jdbc.update("INSERT INTO sku_registry (sku) VALUES (?) ON CONFLICT DO NOTHING", sku);
    }

    /** One indexed lookup for all of an order's skus. */
    @QueryHandler
    UnknownSkus handle(FindUnknownSkus query) {
        Set<String> known = new HashSet<>(jdbc.queryForList("SELECT sku FROM sku_registry WHERE sku = ANY (?)",
                String.class, (Object) query.skus().toArray(String[]::new)));
        List<String> unknown = query.skus().stream().filter(sku -> !known.contains(sku)).toList();
        return new UnknownSkus(unknown);
    }
}
