package io.annals.query.order;

import io.annals.query.order.OrderQueryController.OrderResponse;
import io.annals.query.web.PageQuery;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every read of {@code order_view}, in plain JDBC like its writes ({@link OrderViewWriter}): each query is one or two
 * auto-committed statements, without a JPA session and without the read-only transaction a Spring Data repository
 * opens around them. The table name is unqualified, so during a blue/green rebuild the live generation is read.
 */
@Component
class OrderReads {

    /** The public sort fields of {@code GET /api/orders} and the column each orders by. */
    static final Map<String, String> SORTABLE = Map.of("placedAt", "placed_at", "status", "status");
    static final Sort DEFAULT_SORT = Sort.by(Sort.Order.desc("placed_at"));
    /** Appended to every sort, so pages are stable. */
    static final String TIE_BREAKER = "order_id";

    private static final Set<String> SORT_COLUMNS = Set.of("placed_at", "status", TIE_BREAKER);
    private static final String COLUMNS = """
            SELECT order_id, customer_id, status, lines, total_amount, total_currency, payment_id, tracking_number,
                   cancellation_reason, timeline, version FROM order_view""";
    private static final String BY_ID = COLUMNS + " WHERE order_id = ?";
    private static final PageQuery ALL = query("");
    private static final PageQuery OF_CUSTOMER = query(" WHERE customer_id = ?");
    private static final PageQuery IN_STATUS = query(" WHERE status = ?");
    private static final PageQuery OF_CUSTOMER_IN_STATUS = query(" WHERE customer_id = ? AND status = ?");

    private final JdbcTemplate jdbc;
    private final RowMapper<OrderResponse> rows;

    OrderReads(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.rows = (row, number) -> OrderResponse.of(row.getString("order_id"), row.getString("customer_id"),
                row.getString("status"), json.readTree(row.getString("lines")), row.getBigDecimal("total_amount"),
                row.getString("total_currency"), row.getString("payment_id"), row.getString("tracking_number"),
                row.getString("cancellation_reason"), json.readTree(row.getString("timeline")),
                row.getLong("version"));
    }

    Optional<OrderResponse> find(String orderId) {
        return jdbc.query(BY_ID, rows, orderId).stream().findFirst();
    }

    /**
     * A page of orders, of one customer and/or in one status when given.
     *
     * @param customerId the customer, or {@code null} for every customer's
     * @param status     the status name, or {@code null} for every status
     */
    Page<OrderResponse> list(String customerId, String status, Pageable pageable) {
        if (customerId != null && status != null) {
            return OF_CUSTOMER_IN_STATUS.page(jdbc, pageable, rows, customerId, status);
        }
        if (customerId != null) {
            return OF_CUSTOMER.page(jdbc, pageable, rows, customerId);
        }
        if (status != null) {
            return IN_STATUS.page(jdbc, pageable, rows, status);
        }
        return ALL.page(jdbc, pageable, rows);
    }

    private static PageQuery query(String where) {
        return new PageQuery(COLUMNS + where, "SELECT count(*) FROM order_view" + where, SORT_COLUMNS);
    }
}
