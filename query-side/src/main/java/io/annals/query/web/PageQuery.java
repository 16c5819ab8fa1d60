package io.annals.query.web;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.data.support.PageableExecutionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A list endpoint's page read with plain SQL: the page's rows in the requested order ({@code LIMIT/OFFSET}) and the
 * count of all rows only when the page cannot tell it, exactly as Spring Data's repositories decide
 * ({@link PageableExecutionUtils}), so totals and page fields are the same as a repository's.
 *
 * <p>No request text reaches the SQL: the {@link Pageable} comes from {@link PageParams}, which mapped the request's
 * sort field onto a fixed column name, and a sort on any column outside {@code sortColumns} is refused here as a
 * programming error. Table names stay unqualified, so a rebuild's {@code search_path} decides which generation is read.
 *
 * @param select      {@code SELECT ... FROM ... [WHERE ...]}, without ORDER BY or LIMIT; {@code ?} parameters only
 * @param count       {@code SELECT count(*) ...} over the same rows, with the same parameters
 * @param sortColumns the columns a page may be ordered by
 */
public record PageQuery(String select, String count, Set<String> sortColumns) {

    public PageQuery {
        sortColumns = Set.copyOf(sortColumns);
    }

    /** The page of rows {@code pageable} asks for; {@code parameters} fill the {@code ?} of select and count. */
    public <T> Page<T> page(JdbcTemplate jdbc, Pageable pageable, RowMapper<T> rows, Object... parameters) {
        Object[] pageParameters = Arrays.copyOf(parameters, parameters.length + 2);
        pageParameters[parameters.length] = pageable.getPageSize();
        pageParameters[parameters.length + 1] = pageable.getOffset(); // a long: page × size may exceed an int
        List<T> content = jdbc.query(select + orderBy(pageable.getSort()) + " LIMIT ? OFFSET ?", rows,
                pageParameters);
        return PageableExecutionUtils.getPage(content, pageable,
                () -> jdbc.queryForObject(count, Long.class, parameters));
    }

    private String orderBy(Sort sort) {
        if (sort.isUnsorted()) {
            return "";
        }
        return sort.stream().map(order -> column(order) + (order.isAscending() ? " ASC" : " DESC"))
                .collect(Collectors.joining(", ", " ORDER BY ", ""));
    }

    private String column(Sort.Order order) {
        if (!sortColumns.contains(order.getProperty())) {
            throw new IllegalArgumentException("not a sort column of this query: " + order.getProperty());
        }
        return order.getProperty();
    }
}
