package io.annals.query.customer;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Case-insensitive substring search over customers' names and emails, served by the trigram indexes.
 *
 * <p>Each search is planned for its own pattern. The JDBC driver turns a statement into a server-side prepared
 * statement after a few executions, and PostgreSQL may then settle on one generic plan for every pattern: that plan
 * cannot know whether {@code %ab%} matches a quarter of the customers or {@code %qxzv%} none, and it walked the
 * whole email index for a rare fragment (about 100 ms over 100,000 customers instead of well under 1 ms). The page
 * and its count run in one read-only transaction that forces custom plans for itself only.
 */
@Component
class CustomerSearch {

    private static final String CUSTOM_PLANS = "SET LOCAL plan_cache_mode = force_custom_plan";

    private final CustomerViewRepository repository;
    private final JdbcTemplate jdbc;

    CustomerSearch(CustomerViewRepository repository, JdbcTemplate jdbc) {
        this.repository = repository;
        this.jdbc = jdbc;
    }

    /** Live customers whose name or email contains {@code q} (case-insensitive, wildcards taken literally). */
    @Transactional(readOnly = true)
    public Page<CustomerView> search(String q, Pageable pageable) {
        jdbc.execute(CUSTOM_PLANS);
        return repository.search(containsPattern(q), pageable);
    }

    /** A LIKE pattern matching {@code q} anywhere, in which {@code %}, {@code _} and {@code \} match themselves. */
    static String containsPattern(String q) {
        String literal = CustomerView.key(q).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + literal + "%";
    }
}
