package io.annals.app.rebuild;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;

/**
 * Transactions of a rebuild's processor. Each one first names the next generation's schema in {@code search_path}
 * (for this transaction only), so the projection's unchanged statements write the new tables, and commits without
 * waiting for the WAL flush, like the live projection's (a lost batch is handled again from the event store).
 *
 * <p>And each one is fenced: it holds the rebuild's row in {@code projection_rebuild} shared, and refuses to run once
 * the row is gone or names another generation. The switch takes the row exclusively, so it waits for the batches
 * under way on every instance, and a batch that starts after it finds the row deleted: none can write into tables
 * that have become the live ones, nor store a token of a finished rebuild.
 */
final class RebuildTransactionManager implements TransactionManager {

    private static final String START =
            "SELECT set_config('synchronous_commit', 'off', true), set_config('search_path', ?, true)";
    private static final String FENCE = "SELECT generation FROM projection_rebuild WHERE projection = ? FOR SHARE";

    private final TransactionManager delegate;
    private final JdbcTemplate jdbc;
    private final String projection;
    private final long generation;

    RebuildTransactionManager(TransactionManager delegate, JdbcTemplate jdbc, String projection, long generation) {
        this.delegate = delegate;
        this.jdbc = jdbc;
        this.projection = projection;
        this.generation = generation;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        try {
            jdbc.query(START, row -> {
            }, ShadowTables.schemaOf(projection) + ", public");
            List<Long> current = jdbc.queryForList(FENCE, Long.class, projection);
            if (!current.contains(generation)) {
                throw new RebuildEndedException(projection, generation);
            }
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }

    /** The rebuild this transaction belongs to has switched or was given up: its processor has nothing more to do. */
    static final class RebuildEndedException extends IllegalStateException {

        RebuildEndedException(String projection, long generation) {
            super("the rebuild of " + projection + " (generation " + generation + ") has ended");
        }
    }
}
