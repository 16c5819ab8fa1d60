package io.annals.query.projection;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A set-based projection's changes of one processor batch: its handlers only record a change per row; the batch's
 * changes, in the order they were recorded and by row key, are written once as the batch prepares to commit, in the
 * processor's transaction, and each row the write changed is announced (read-your-writes) after that. Without a unit
 * of work (not the case under an event processor) a change is written at once.
 *
 * <p>Written by hand because Axon hands a batch's events to handlers one at a time; it offers no batch-end hook
 * besides the unit of work's phases.
 *
 * @param <C> what a handler records of an event
 */
public final class BatchedChanges<C> {

    private final String resourceKey;
    private final Function<SortedMap<String, List<C>>, Collection<String>> write;
    private final Consumer<String> announce;

    /**
     * @param owner    the projection, whose name keeps its batch's changes apart from another projection's
     * @param write    writes a batch's changes by row key; answers the keys of the rows it changed
     * @param announce called with each changed row's key once the write is done
     */
    public BatchedChanges(Class<?> owner, Function<SortedMap<String, List<C>>, Collection<String>> write,
                          Consumer<String> announce) {
        this.resourceKey = owner.getName() + ".changes";
        this.write = write;
        this.announce = announce;
    }

    /** Adds the change to its batch; the first change of a batch registers the batch's write. */
    public void record(String key, C change) {
        if (!CurrentUnitOfWork.isStarted()) {
            writeAndAnnounce(new TreeMap<>(Map.of(key, List.of(change))));
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        SortedMap<String, List<C>> changes = batch.getOrComputeResource(resourceKey, unused -> {
            SortedMap<String, List<C>> accumulator = new TreeMap<>();
            batch.onPrepareCommit(unitOfWork -> writeAndAnnounce(accumulator));
            return accumulator;
        });
        changes.computeIfAbsent(key, unused -> new ArrayList<>()).add(change);
    }

    private void writeAndAnnounce(SortedMap<String, List<C>> changes) {
        for (String changed : write.apply(changes)) {
            announce.accept(changed);
        }
    }
}
