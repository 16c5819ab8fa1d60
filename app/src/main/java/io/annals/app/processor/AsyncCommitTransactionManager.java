package io.annals.app.processor;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Transactions of a read-model projection: committed without waiting for PostgreSQL to flush the WAL
 * ({@code SET LOCAL synchronous_commit = off}, this transaction only).
 *
 * <p>Why it is safe: such a transaction writes only read-model rows and the processor's token, never events. If
 * PostgreSQL crashes before the flush, both are lost together and the projection handles those events again from
 * the durable event store; a read model can always be rebuilt. Command and saga transactions keep synchronous
 * commits: what was acknowledged is never lost.
 *
 * <p>Why it matters: during a replay or a catch-up a projection commits batch after batch, and each synchronous
 * commit waited about 50 ms for the disk (JFR's socket reads during a replay: 11.5 s of the replay's 98 s were
 * commit waits of the {@code products} workers). Without that wait a replay of a million events went from about
 * 10,000 to about 12,000 events/s on the same machine.
 */
final class AsyncCommitTransactionManager implements TransactionManager {

    private static final String ASYNC_COMMIT = "SET LOCAL synchronous_commit = off";

    private final TransactionManager delegate;
    private final JdbcTemplate jdbc;

    AsyncCommitTransactionManager(TransactionManager delegate, JdbcTemplate jdbc) {
        this.delegate = delegate;
        this.jdbc = jdbc;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        try {
            jdbc.execute(ASYNC_COMMIT);
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }
}
