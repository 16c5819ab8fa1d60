package io.annals.app.processor;

import io.annals.command.intake.EnrichmentLag;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.OptionalLong;

/**
 * The intake processor's lag from its stored tokens, so it is right whichever node runs the processor's segments
 * (a node's own processor status knows only the segments it claimed). Axon's token store offers no read without a
 * claim, hence the query of {@code token_entry}, whose tokens are deserialized with the token store's serializer.
 */
@Component
@InstanceRole(Role.INTAKE)
class TokenEnrichmentLag implements EnrichmentLag {

    static final String PROCESSOR = "intake";
    private static final String TOKENS = "SELECT token, token_type FROM token_entry WHERE processor_name = ?";

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final EventStore eventStore;

    TokenEnrichmentLag(JdbcTemplate jdbc, Serializer serializer, EventStore eventStore) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.eventStore = eventStore;
    }

    @Override
    public OptionalLong eventsBehind() {
        List<OptionalLong> positions = jdbc.query(TOKENS, (row, n) -> position(row.getBytes(1), row.getString(2)),
                PROCESSOR);
        if (positions.isEmpty()) {
            return OptionalLong.empty();
        }
        long slowest = positions.stream().mapToLong(p -> p.orElse(-1)).min().orElse(-1);
        TrackingToken head = eventStore.createHeadToken();
        long headPosition = head == null ? -1 : head.position().orElse(-1);
        return OptionalLong.of(Math.max(0, headPosition - slowest));
    }

    private OptionalLong position(byte[] token, String type) {
        if (token == null || type == null) {
            return OptionalLong.empty(); // a segment that has not read anything yet
        }
        TrackingToken tracking = serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
        return tracking == null ? OptionalLong.empty() : tracking.position();
    }
}
