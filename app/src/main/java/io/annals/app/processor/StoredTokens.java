package io.annals.app.processor;

import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * A processor's tokens as stored, whichever node holds their segments (a node's own processor status knows only the
 * segments it claimed). Axon's token store offers no read without a claim, hence the query of {@code token_entry},
 * whose tokens are deserialized with the token store's serializer.
 */
@Component
public class StoredTokens {

    private static final String TOKENS =
            "SELECT segment, token, token_type FROM token_entry WHERE processor_name = ? ORDER BY segment";

    private final JdbcTemplate jdbc;
    private final Serializer serializer;

    StoredTokens(JdbcTemplate jdbc, Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** The processor's tokens by segment; a segment that has not handled anything yet maps to {@code null}. */
    public Map<Integer, TrackingToken> of(String processor) {
        Map<Integer, TrackingToken> tokens = new TreeMap<>();
        jdbc.query(TOKENS, row -> {
            tokens.put(row.getInt(1), deserialize(row.getBytes(2), row.getString(3)));
        }, processor);
        return tokens;
    }

    /**
     * How many events the processor's least advanced stored token is behind {@code head}; empty while the processor
     * has no tokens yet.
     */
    public OptionalLong eventsBehind(String processor, TrackingToken head) {
        Map<Integer, TrackingToken> stored = of(processor);
        if (stored.isEmpty()) {
            return OptionalLong.empty();
        }
        long headPosition = head == null ? -1 : head.position().orElse(-1);
        return OptionalLong.of(Math.max(0, headPosition - slowestPosition(stored.values())));
    }

    /** The position the least advanced token has handled; -1 if one has handled nothing, or there are none. */
    public static long slowestPosition(Collection<TrackingToken> tokens) {
        if (tokens.isEmpty()) {
            return -1;
        }
        long slowest = Long.MAX_VALUE;
        for (TrackingToken token : tokens) {
            TrackingToken handled = handled(token);
            slowest = Math.min(slowest, handled == null ? -1 : handled.position().orElse(-1));
        }
        return slowest;
    }

    /** What a token has handled: a replay token's current position, or the token itself. */
    public static TrackingToken handled(TrackingToken token) {
        return token instanceof ReplayToken replay ? replay.getCurrentToken() : token;
    }

    /**
     * The point every one of the tokens has handled, or {@code null} if one has not handled anything yet (or there
     * are none).
     */
    public static TrackingToken lowerBound(Collection<TrackingToken> tokens) {
        TrackingToken bound = null;
        for (TrackingToken token : tokens) {
            TrackingToken handled = handled(token);
            if (handled == null) {
                return null;
            }
            bound = bound == null ? handled : bound.lowerBound(handled);
        }
        return bound;
    }

    /** The furthest point one of the tokens has handled, or {@code null} if none has handled anything. */
    public static TrackingToken upperBound(Collection<TrackingToken> tokens) {
        return tokens.stream().map(StoredTokens::handled).filter(Objects::nonNull)
                .reduce(TrackingToken::upperBound).orElse(null);
    }

    private TrackingToken deserialize(byte[] token, String type) {
        if (token == null || type == null) {
            return null;
        }
        return serializer.deserialize(new SimpleSerializedObject<>(token, byte[].class, type, null));
    }
}
