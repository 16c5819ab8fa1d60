package io.annals.query.product;

import io.annals.kernel.product.ProductLimits;
import io.annals.query.product.ProductQueryController.ProductResponse;
import io.annals.query.web.PageQuery;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every read of {@code product_view}, in plain JDBC like its writes ({@link ProductViewWriter}): each query is one or
 * two auto-committed statements, without a JPA session and without the read-only transaction a Spring Data repository
 * opens around them (whose COMMIT is one more round trip). The table name is unqualified, so during a blue/green
 * rebuild the live generation is read.
 */
@Component
class ProductReads {

    /** The public sort fields of {@code GET /api/products} and the column each orders by. */
    static final Map<String, String> SORTABLE = Map.of("sku", "sku", "name", "name", "available", "available");

    private static final String COLUMNS = "SELECT sku, name, price_amount, price_currency, available, reserved, version";
    private static final String BY_SKU = COLUMNS + " FROM product_view WHERE sku = ?";
    private static final PageQuery ALL = new PageQuery(COLUMNS + " FROM product_view",
            "SELECT count(*) FROM product_view", Set.copyOf(SORTABLE.values()));
    private static final PageQuery LOW_STOCK = new PageQuery(COLUMNS + " FROM product_view WHERE available < ?",
            "SELECT count(*) FROM product_view WHERE available < ?", Set.copyOf(SORTABLE.values()));

    private static final RowMapper<ProductResponse> RESPONSE = (row, number) -> ProductResponse.of(
            row.getString("sku"), row.getString("name"), row.getBigDecimal("price_amount"),
            row.getString("price_currency"), row.getLong("available"), row.getLong("reserved"),
            row.getLong("version"));

    private final JdbcTemplate jdbc;

    ProductReads(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The read by sku, the busiest query. */
    Optional<ProductResponse> find(String sku) {
        return jdbc.query(BY_SKU, RESPONSE, sku).stream().findFirst();
    }

    Page<ProductResponse> all(Pageable pageable) {
        return ALL.page(jdbc, pageable, RESPONSE);
    }

    /** Products with fewer than {@link ProductLimits#LOW_STOCK_THRESHOLD} available. */
    Page<ProductResponse> lowStock(Pageable pageable) {
        return LOW_STOCK.page(jdbc, pageable, RESPONSE, ProductLimits.LOW_STOCK_THRESHOLD);
    }
}
