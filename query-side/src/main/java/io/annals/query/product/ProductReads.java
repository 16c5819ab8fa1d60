package io.annals.query.product;

import io.annals.query.product.ProductQueryController.ProductResponse;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The read by sku, the busiest query: one auto-committed statement through JDBC, without a JPA session and without
 * the read-only transaction around Spring Data's {@code findById} (whose COMMIT is one more round trip).
 */
@Component
class ProductReads {

    private static final String BY_SKU = """
            SELECT sku, name, price_amount, price_currency, available, reserved, version
            FROM product_view WHERE sku = ?""";

    private static final RowMapper<ProductResponse> RESPONSE = (row, number) -> ProductResponse.of(
            row.getString("sku"), row.getString("name"), row.getBigDecimal("price_amount"),
            row.getString("price_currency"), row.getLong("available"), row.getLong("reserved"),
            row.getLong("version"));

    private final JdbcTemplate jdbc;

    ProductReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ProductResponse> find(String sku) {
        return jdbc.query(BY_SKU, RESPONSE, sku).stream().findFirst();
    }
}
