package io.annals.app.test;

import org.axonframework.modelling.saga.AssociationValue;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;

/**
 * The fulfilment processor's segments as tests see them: the segment holding an order's saga (the one its association
 * value falls into, as Axon starts a saga), and that segment's claim in {@code token_entry}.
 */
public final class FulfilmentSegments {

    private static final String PROCESSOR = "fulfilment";

    private FulfilmentSegments() {
    }

    /** The segment of the order's saga; the processor's segments are never split, so their count is a power of 2. */
    public static int of(JdbcTemplate jdbc, String orderId) {
        Integer segments = jdbc.queryForObject("SELECT count(*) FROM token_entry WHERE processor_name = ?",
                Integer.class, PROCESSOR);
        return new AssociationValue("orderId", orderId).hashCode() & (segments - 1);
    }

    /** When the segment's owner last stored its token or renewed its claim. */
    public static Instant claimedAt(JdbcTemplate jdbc, int segment) {
        return Instant.parse(jdbc.queryForObject(
                "SELECT timestamp FROM token_entry WHERE processor_name = ? AND segment = ?", String.class,
                PROCESSOR, segment));
    }
}
