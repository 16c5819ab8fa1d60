package io.annals.query.web;

import org.junit.jupiter.api.Test;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SQL a {@link PageQuery} sends and when it counts. The statements are recorded instead of run: what they return
 * from PostgreSQL is covered end to end by the products' list tests in the app module.
 */
class PageQueryTest {

    private final PageQuery testSubject = new PageQuery("SELECT id FROM thing WHERE size < ?",
            "SELECT count(*) FROM thing WHERE size < ?", Set.of("id", "name"));
    private final RecordingJdbc jdbc = new RecordingJdbc();

    @Test
    void ordersByTheRequestedColumnsThenLimitsAndOffsets() {
        jdbc.rows = List.of("x", "y");

        testSubject.page(jdbc, PageRequest.of(3, 2, Sort.by(Sort.Order.desc("name"), Sort.Order.asc("id"))),
                (row, number) -> "", 10L);

        assertThat(jdbc.statements).containsExactly(
                "SELECT id FROM thing WHERE size < ? ORDER BY name DESC, id ASC LIMIT ? OFFSET ?",
                "SELECT count(*) FROM thing WHERE size < ?");
        assertThat(jdbc.parameters).containsExactly(List.of(10L, 2, 6L), List.of(10L));
    }

    @Test
    void anOffsetBeyondAnIntIsSentWhole() {
        testSubject.page(jdbc, PageRequest.of(Integer.MAX_VALUE, 200, Sort.by("id")), (row, number) -> "", 10L);

        assertThat(jdbc.parameters.get(0)).containsExactly(10L, 200, 200L * Integer.MAX_VALUE);
    }

    @Test
    void aShortFirstPageIsItsOwnTotal() {
        jdbc.rows = List.of("x");

        Page<String> page = testSubject.page(jdbc, PageRequest.of(0, 2, Sort.by("id")), (row, number) -> "", 10L);

        assertThat(jdbc.statements).hasSize(1);
        assertThat(page.getTotalElements()).isEqualTo(1);
    }

    @Test
    void anEmptyPagePastTheStartIsCounted() {
        jdbc.total = 7;

        Page<String> page = testSubject.page(jdbc, PageRequest.of(9, 2, Sort.by("id")), (row, number) -> "", 10L);

        assertThat(page.getContent()).isEmpty();
        assertThat(page.getTotalElements()).isEqualTo(7);
        assertThat(page.getTotalPages()).isEqualTo(4);
    }

    @Test
    void aSortOutsideTheQuerysColumnsIsRefusedBeforeAnySql() {
        assertThatThrownBy(() -> testSubject.page(jdbc, PageRequest.of(0, 2, Sort.by("size; DROP TABLE thing")),
                (row, number) -> "", 10L))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(jdbc.statements).isEmpty();
    }

    /** A template without a database: records each statement and answers the rows and the count it was given. */
    private static final class RecordingJdbc extends JdbcTemplate {
        final List<String> statements = new ArrayList<>();
        final List<List<Object>> parameters = new ArrayList<>();
        List<String> rows = List.of();
        long total;

        @Override
        @SuppressWarnings("unchecked")
        public <T> List<T> query(String sql, RowMapper<T> rowMapper, Object... args) {
            record(sql, args);
            return (List<T>) rows;
        }

        @Override
        public <T> T queryForObject(String sql, Class<T> requiredType, Object... args) {
            record(sql, args);
            return requiredType.cast(total);
        }

        private void record(String sql, Object... args) {
            statements.add(sql);
            parameters.add(args == null ? Collections.emptyList() : Arrays.asList(args));
        }
    }
}
