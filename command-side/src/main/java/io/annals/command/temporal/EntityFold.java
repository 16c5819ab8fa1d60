package io.annals.command.temporal;

import org.axonframework.eventhandling.DomainEventMessage;

/**
 * How one kind of entity ({@code products}, {@code customers}, {@code orders}) is rebuilt from its events for the
 * temporal endpoints. Implementations are pure: they see only the events, never the read model.
 *
 * @param <S> the entity's state while folding; {@link #view} turns it into the same shape as the entity's GET
 */
public interface EntityFold<S> {

    /** The path segment under {@code /api}, e.g. {@code products}. */
    String kind();

    /** The Axon aggregate type whose events this fold reads, e.g. {@code Product}. */
    String aggregateType();

    /** The state after the first event (the creating one). */
    S start(DomainEventMessage<?> creation);

    /** The state after one more event. */
    S apply(S state, DomainEventMessage<?> event);

    /** The public view of a state, shaped like the entity's GET answer. */
    Object view(S state);
}
