package io.annals.app.fanout;

import io.annals.app.processor.StoredTokens;
import io.annals.query.admin.StoredPositions;
import org.axonframework.eventhandling.TrackingToken;

import java.util.Collection;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Where a processor stands by its stored tokens ({@link StoredTokens}), so it shows on any node and while a failing
 * publisher has released its segments (Axon's own status knows only the segments this node is processing right now).
 */
final class TokenPositions implements StoredPositions {

    private final StoredTokens tokens;

    TokenPositions(StoredTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public OptionalLong lowest(String processorName) {
        Collection<TrackingToken> stored = tokens.of(processorName).values();
        if (stored.isEmpty() || stored.stream().anyMatch(Objects::isNull)) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(StoredTokens.slowestPosition(stored));
    }
}
