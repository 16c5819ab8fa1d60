package io.annals.kernel;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Comparator;
import java.util.function.Function;

/**
 * The one order in which a transaction that handles several commands takes their aggregates' locks: ascending
 * target aggregate identifier, commands for no aggregate first. Every such transaction (a saga's batch, a group
 * commit of HTTP commands) sorting its commands this way cannot deadlock with another; the sort is stable, so one
 * aggregate's commands keep their order.
 *
 * <p>The target is read from the command's {@code @TargetAggregateIdentifier} field or method, found once per command
 * class: Axon's {@code AnnotationCommandTargetResolver} walks the class's members by reflection on every call, which
 * a per-command hot path should not pay twice.
 */
public final class LockOrder {

    private static final ClassValue<MethodHandle> TARGETS = new ClassValue<>() {
        @Override
        protected MethodHandle computeValue(Class<?> type) {
            return targetOf(type);
        }
    };

    private LockOrder() {
    }

    /** The identifier of the aggregate {@code command} is for, or {@code null} when it names none. */
    public static String target(Object command) {
        MethodHandle getter = TARGETS.get(command.getClass());
        if (getter == null) {
            return null;
        }
        try {
            Object target = getter.invoke(command);
            return target == null ? null : target.toString();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read the target aggregate of a " + command.getClass(), e);
        }
    }

    /** Orders elements by their command's target as {@link #target} gives it. */
    public static <T> Comparator<T> by(Function<T, String> target) {
        return Comparator.comparing(target, Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    private static MethodHandle targetOf(Class<?> type) {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        try {
            for (Class<?> declaring = type; declaring != null; declaring = declaring.getSuperclass()) {
                for (Field field : declaring.getDeclaredFields()) {
                    if (field.isAnnotationPresent(TargetAggregateIdentifier.class)) {
                        field.setAccessible(true);
                        return lookup.unreflectGetter(field);
                    }
                }
                for (Method method : declaring.getDeclaredMethods()) {
                    if (method.isAnnotationPresent(TargetAggregateIdentifier.class) && method.getParameterCount() == 0) {
                        method.setAccessible(true);
                        return lookup.unreflect(method);
                    }
                }
            }
        } catch (IllegalAccessException | RuntimeException e) {
            throw new IllegalStateException("cannot read the target aggregate of a " + type, e);
        }
        return null;
    }
}
