package io.annals.app.processor;

import io.annals.command.intake.EnrichmentLag;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Map;
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
        Map<Integer, TrackingToken> stored = tokens.of(PROCESSOR);
        if (stored.isEmpty()) {
            return OptionalLong.empty();
        }
        long slowest = stored.values().stream()
                .mapToLong(token -> token == null ? -1 : token.position().orElse(-1)).min().orElse(-1);
        TrackingToken head = eventStore.createHeadToken();
        long headPosition = head == null ? -1 : head.position().orElse(-1);
        return OptionalLong.of(Math.max(0, headPosition - slowest));
    }
}
