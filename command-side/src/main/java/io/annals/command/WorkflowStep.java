package io.annals.command;

import org.axonframework.modelling.command.AggregateLifecycle;

import java.util.function.Supplier;

/**
 * The rule every workflow command follows (the saga's commands never throw): it applies its event only when the
 * aggregate's state allows the step, and answers whether it did. A repeated or late command is a no-op answering
 * {@code false}.
 */
public final class WorkflowStep {

    private WorkflowStep() {
    }

    /** Applies the event {@code event} supplies when {@code allowed}; @return {@code allowed} */
    public static boolean applyIf(boolean allowed, Supplier<?> event) {
        if (allowed) {
            AggregateLifecycle.apply(event.get());
        }
        return allowed;
    }
}
