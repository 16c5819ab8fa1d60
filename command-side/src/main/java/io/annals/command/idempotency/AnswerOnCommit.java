package io.annals.command.idempotency;

import io.annals.command.idempotency.IdempotencyStore.ClaimedKey;
import io.annals.command.idempotency.IdempotencyStore.StoredResponse;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Stores a creation's answer as its Idempotency-Key's first answer in the unit of work that appends the command's
 * events, just before it commits: Axon's {@code SpringTransactionManager} binds the command's Spring transaction to
 * the handling thread, and the store's {@code JdbcTemplate} joins it. So the events and the answer are committed
 * together or not at all, and a retry after a crash between that commit and the response replays the answer.
 *
 * <p>If the key is no longer the request's (a repeat took it over as stale while this one was still running), the
 * command fails with {@link IdempotencyKeyInUseException} and writes nothing: only one of them creates the entity.
 */
final class AnswerOnCommit implements MessageHandlerInterceptor<CommandMessage<?>> {

    /** The metadata entry of a command whose answer is to be remembered (a {@link PendingAnswer}). */
    static final String METADATA_KEY = "idempotencyAnswer";

    /** The key a request holds and the answer it gives when its command commits; travels as command metadata. */
    record PendingAnswer(ClaimedKey key, StoredResponse answer) {
    }

    private final IdempotencyStore store;

    AnswerOnCommit(IdempotencyStore store) {
        this.store = store;
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        if (unitOfWork.getMessage().getMetaData().get(METADATA_KEY) instanceof PendingAnswer pending) {
            unitOfWork.onPrepareCommit(u -> remember(pending));
        }
        return chain.proceed();
    }

    private void remember(PendingAnswer pending) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            // outside the command's transaction the answer could outlive rolled-back events, or be lost after them
            throw new IllegalStateException("an idempotent command must run in a transaction");
        }
        if (!store.complete(pending.key(), pending.answer())) {
            throw new IdempotencyKeyInUseException();
        }
    }
}
