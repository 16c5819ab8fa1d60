package io.annals.command.cache;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Makes the aggregate cache safe with several nodes for commands that decide without appending.
 *
 * <p>A command that appends is safe on a stale cached aggregate: its events take sequence numbers another node has
 * already used, the event store's unique (aggregate, sequence) rejects them, the rollback evicts the aggregate, and
 * the command is retried on fresh state. A command that appends nothing — a workflow step answering "not applied" —
 * has no such guard and would answer from state another node has moved past.
 * So once the handler is done, for every aggregate the command found in the cache and staged no event on, this asks
 * the event store for the aggregate's last sequence number (one indexed query). A number beyond the cached version
 * means another node appended meanwhile: the command fails with {@link StaleCachedAggregateException}, its rollback
 * evicts the aggregate, and the gateway retries it on fresh state. A command that appends pays nothing extra.
 *
 * <p>A smaller stored number is no conflict: the aggregate's newer events are staged in an enclosing transaction (a
 * saga's earlier command) and not yet stored.
 *
 * <p>A command that fails is not checked: its rollback evicts the aggregate anyway, so the caller's next try decides
 * on fresh state, and after a failure the database raised (a unique key: an email taken) the transaction could not
 * run the query. The answers checked are the ones a caller acts on without trying again.
 */
public final class StaleCacheCheck implements MessageHandlerInterceptor<CommandMessage<?>> {

    private static final String LOADED_FROM_CACHE = StaleCacheCheck.class.getName() + ".loadedFromCache";

    private final EventStore eventStore;

    public StaleCacheCheck(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /**
     * Remembers, in the current command's unit of work, an aggregate the repository found in the cache, with the
     * version it had then. Called by the cache for every hit.
     */
    static void loadedFromCache(Object key, AggregateCacheEntry<?> entry) {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        EventSourcedAggregate<?> aggregate = liveAggregate(entry);
        CurrentUnitOfWork.get().<List<Hit>>getOrComputeResource(LOADED_FROM_CACHE, name -> new ArrayList<>())
                .add(new Hit(key.toString(), aggregate, aggregate.version()));
    }

    /**
     * The aggregate object the entry holds, which is also what Axon's caching repository gets from it: an entry that
     * was never serialized keeps its aggregate and returns it without using the arguments. This cache keeps Axon's
     * entry objects as they are (Caffeine on the heap), so every entry still holds its aggregate.
     */
    private static EventSourcedAggregate<?> liveAggregate(AggregateCacheEntry<?> entry) {
        return entry.recreateAggregate(null, null, null, null);
    }

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        Object answer = chain.proceed();
        requireFresh(unitOfWork);
        return answer;
    }

    private void requireFresh(UnitOfWork<?> unitOfWork) {
        List<Hit> hits = unitOfWork.getResource(LOADED_FROM_CACHE);
        if (hits == null) {
            return;
        }
        for (Hit hit : hits) {
            if (!Objects.equals(hit.aggregate().version(), hit.version())) {
                continue; // the command appended to it: the store's unique sequence guards that
            }
            Long stored = eventStore.lastSequenceNumberFor(hit.aggregateId()).orElse(null);
            if (stored != null && (hit.version() == null || stored > hit.version())) {
                throw new StaleCachedAggregateException(hit.aggregateId(), hit.version(), stored);
            }
        }
    }

    private record Hit(String aggregateId, EventSourcedAggregate<?> aggregate, Long version) {
    }
}
