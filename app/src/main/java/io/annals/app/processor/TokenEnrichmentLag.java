package io.annals.app.processor;

import io.annals.command.intake.EnrichmentLag;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.OptionalLong;

/**
 * The intake processor's lag from its stored tokens, so it is right whichever node runs the processor's segments.
 */
@Component
@InstanceRole(Role.INTAKE)
class TokenEnrichmentLag implements EnrichmentLag {

    static final String PROCESSOR = "intake";

    private final StoredTokens tokens;
    private final EventStore eventStore;

    TokenEnrichmentLag(StoredTokens tokens, EventStore eventStore) {
        this.tokens = tokens;
        this.eventStore = eventStore;
    }

    @Override
    public OptionalLong eventsBehind() {
        return tokens.eventsBehind(PROCESSOR, eventStore.createHeadToken());
    }
}
