package io.annals.choreography.fulfilment;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Answers from the event store itself (the sku is the product aggregate's identifier): one lookup on the unique
 * {@code (aggregate_identifier, sequence_number)} index, never a read model, which may lag. The aggregate type is
 * checked too, so the id of a customer or an order is not taken for a sku (its events cannot make a product).
 */
@Component
class EventStoreSkuDirectory implements SkuDirectory {

    /** The type Axon records for the command side's product aggregate: its class's simple name. */
    static final String PRODUCT_AGGREGATE_TYPE = "Product";

    private final JdbcTemplate jdbc;

    EventStoreSkuDirectory(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean exists(String sku) {
        return !jdbc.queryForList("""
                        SELECT 1 FROM domain_event_entry
                         WHERE aggregate_identifier = ? AND sequence_number = 0 AND type = ?""",
                Integer.class, sku, PRODUCT_AGGREGATE_TYPE).isEmpty();
    }
}
