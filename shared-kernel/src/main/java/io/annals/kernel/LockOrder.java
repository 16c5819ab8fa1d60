package io.annals.kernel;

import java.util.Comparator;
import java.util.function.Function;

/**
 * The one order in which a transaction that handles several commands takes their aggregates' locks: ascending
 * target aggregate identifier, commands for no aggregate first. Every such transaction (a saga's batch, a group
 * commit of HTTP commands) sorting its commands this way cannot deadlock with another; the sort is stable, so one
 * aggregate's commands keep their order.
 */
public final class LockOrder {

    private LockOrder() {
    }

    /** The identifier of the aggregate {@code command} is for, or {@code null} when it names none. */
    public static String target(Object command) {
        return CommandTargets.identifier(command);
    }

    /** Orders elements by their command's target as {@link #target} gives it. */
    public static <T> Comparator<T> by(Function<T, String> target) {
        return Comparator.comparing(target, Comparator.nullsFirst(Comparator.naturalOrder()));
    }
}
