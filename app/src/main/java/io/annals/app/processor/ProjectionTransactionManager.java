package io.annals.app.processor;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Transactions of a read-model projection's processor (its batches and its claims): committed without waiting for
 * PostgreSQL to flush the WAL, and holding the projection's switch lock shared, in one round trip at the start.
 *
 * <p>Asynchronous commit ({@code synchronous_commit = off}, this transaction only) is safe: such a transaction
 * writes only read-model rows and the processor's token, never events. If PostgreSQL crashes before the flush, both
 * are lost together and the projection handles those events again from the durable event store; a read model can
 * always be rebuilt. Command and saga transactions keep synchronous commits: what was acknowledged is never lost. It
 * matters: during a catch-up a projection commits batch after batch, and each synchronous commit waited about 50 ms
 * for the disk (11.5 s of a 98 s replay), about 20 % of a replay's time.
 *
 * <p>The switch lock ({@link #SWITCH_LOCKS}, shared here, exclusive in the switch of a blue/green rebuild,
 * {@code io.annals.app.rebuild}) lets the switch stop every instance's processing of the projection before it takes
 * the projection's tokens and tables: a batch takes it before anything else, so it never holds a token row or a table
 * the switch waits for while it waits for the switch.
 */
public final class ProjectionTransactionManager implements TransactionManager {

    /** The first key of the projections' advisory switch locks; the second is the hash of the projection's name. */
    public static final int SWITCH_LOCKS = 0x72_65_62;

    private static final String START = "SELECT set_config('synchronous_commit', 'off', true), "
            + "pg_advisory_xact_lock_shared(" + SWITCH_LOCKS + ", hashtext(?))";

    private final TransactionManager delegate;
    private final JdbcTemplate jdbc;
    private final String projection;

    public ProjectionTransactionManager(TransactionManager delegate, JdbcTemplate jdbc, String projection) {
        this.delegate = delegate;
        this.jdbc = jdbc;
        this.projection = projection;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = delegate.startTransaction();
        try {
            jdbc.query(START, row -> {
            }, projection);
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }
}
