package io.annals.choreography.fulfilment;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.paging.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code GET /api/admin/sagas}: the fulfilment sagas, paged, newest first, optionally only ACTIVE or ENDED ones. */
@RestController
@RequestMapping("/api/admin/sagas")
@Tag(name = "Operations")
class SagaAdminController {

    enum State { ACTIVE, ENDED }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SagaView(String sagaId, String type, String orderId, String step, Instant startedAt, Instant deadlineAt) {
    }

    record SagaPage(List<SagaView> items, int page, int size, long totalItems, int totalPages) {
    }

    private static final Map<String, String> SORTABLE = Map.of("startedAt", "started_at", "step", "step");

    private final JdbcTemplate jdbc;

    SagaAdminController(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Operation(summary = "The fulfilment sagas, newest first",
            description = "Ended sagas are kept for at least 24 h.")
    @Parameter(name = "state", schema = @Schema(allowableValues = {"ACTIVE", "ENDED"}))
    @Parameter(name = "page", description = "0-based page number (default 0)",
            schema = @Schema(type = "integer", minimum = "0"))
    @Parameter(name = "size", description = "Items per page, 1..200 (default 20)",
            schema = @Schema(type = "integer", minimum = "1", maximum = "200"))
    @Parameter(name = "sort", description = "field,asc|desc with field one of startedAt, step (default startedAt,desc)")
    @GetMapping
    SagaPage list(@RequestParam(required = false) String state, @RequestParam(required = false) String page,
                  @RequestParam(required = false) String size, @RequestParam(required = false) String sort) {
        int pageNumber = Paging.page(page);
        int pageSize = Paging.size(size);
        Paging.SortField sortField = Paging.sort(sort, Set.copyOf(SORTABLE.keySet()));
        String orderBy = sortField == null ? "started_at DESC"
                : SORTABLE.get(sortField.field()) + (sortField.ascending() ? " ASC" : " DESC");
        String where = state == null ? "" : " WHERE active = " + (parseState(state) == State.ACTIVE);
        long total = jdbc.queryForObject("SELECT count(*) FROM fulfilment_saga" + where, Long.class);
        // orderBy and where come from fixed strings above, never from the request's text
        List<SagaView> items = jdbc.query("""
                SELECT saga_id, saga_type, order_id, step, started_at, deadline_at FROM fulfilment_saga"""
                        + where + " ORDER BY " + orderBy + ", saga_id LIMIT ? OFFSET ?",
                SagaAdminController::view, pageSize, (long) pageNumber * pageSize);
        return new SagaPage(items, pageNumber, pageSize, total, Paging.totalPages(total, pageSize));
    }

    private static State parseState(String state) {
        try {
            return State.valueOf(state);
        } catch (IllegalArgumentException e) {
            throw new RuleViolationException("state", "must be one of " + Arrays.toString(State.values()));
        }
    }

    private static SagaView view(ResultSet row, int rowNumber) throws SQLException {
        Timestamp deadline = row.getTimestamp("deadline_at");
        return new SagaView(row.getString("saga_id"), row.getString("saga_type"), row.getString("order_id"),
                row.getString("step"), row.getTimestamp("started_at").toInstant(),
                deadline == null ? null : deadline.toInstant());
    }
}
