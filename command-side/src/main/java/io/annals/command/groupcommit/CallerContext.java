package io.annals.command.groupcommit;

/**
 * What a command's caller has current on its thread beyond the command itself (its trace), carried to the thread
 * that handles the command in a group, so that the command's spans continue the caller's trace and not the leader's.
 * The caller's logging MDC is carried by {@link GroupCommitCommandBus} itself.
 */
@FunctionalInterface
public interface CallerContext {

    /** Carries nothing. */
    CallerContext NONE = () -> () -> () -> {
    };

    /** Called on the caller's thread. */
    Captured capture();

    /** A caller's context, to be made current on another thread. */
    @FunctionalInterface
    interface Captured {

        /** Makes the caller's context current on this thread until the scope is closed. */
        Scope open();
    }

    /** Ends what {@link Captured#open()} began. */
    @FunctionalInterface
    interface Scope extends AutoCloseable {

        @Override
        void close();
    }
}
