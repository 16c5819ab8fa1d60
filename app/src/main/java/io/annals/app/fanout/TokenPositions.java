package io.annals.app.fanout;

import io.annals.query.admin.StoredPositions;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.List;
import java.util.OptionalLong;

/**
 * Where a processor stands by the tokens stored in {@code token_entry}, read without claiming them, so it shows on
 * any node and while a failing publisher has released its segments (Axon's own status knows only the segments this
 * node is processing right now).
 */
final class TokenPositions implements StoredPositions {

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    /** @param serializer the serializer of the token store ({@code io.annals.app.processor}) */
    TokenPositions(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    @Override
    public OptionalLong lowest(String processorName) {
        List<OptionalLong> positions = jdbc.query(
                "SELECT token, token_type FROM token_entry WHERE processor_name = ?",
                (row, i) -> positionOf(row.getBytes("token"), row.getString("token_type")), processorName);
        if (positions.isEmpty() || positions.stream().anyMatch(OptionalLong::isEmpty)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(positions.stream().mapToLong(OptionalLong::getAsLong).min().orElseThrow());
    }

    private OptionalLong positionOf(byte[] token, String type) {
        if (token == null || type == null) {
            return OptionalLong.empty();
        }
        TrackingToken tracking = serializer.deserialize(
                new SimpleSerializedObject<>(token, byte[].class, new SimpleSerializedType(type, null)));
        return tracking == null ? OptionalLong.empty() : tracking.position();
    }
}
