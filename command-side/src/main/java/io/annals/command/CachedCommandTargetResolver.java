package io.annals.command;

import io.annals.kernel.CommandTargets;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Axon's annotation-based command target resolution, with each command class's members found once
 * ({@link CommandTargets}) instead of on every command. Its answers and refusals are those of Axon's
 * {@code AnnotationCommandTargetResolver}.
 */
final class CachedCommandTargetResolver implements CommandTargetResolver {

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        Object payload = command.getPayload();
        Object identifier = CommandTargets.identifierValue(payload);
        if (identifier == null) {
            throw new IllegalArgumentException("Invalid command. It does not identify the target aggregate: no "
                    + "@TargetAggregateIdentifier member of " + command.getPayloadType().getSimpleName()
                    + " with a value");
        }
        try {
            return new VersionedAggregateIdentifier(identifier, CommandTargets.version(payload));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The value provided for the version is not a number.", e);
        }
    }
}
