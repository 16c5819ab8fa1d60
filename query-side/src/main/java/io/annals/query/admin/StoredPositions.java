package io.annals.query.admin;

import java.util.OptionalLong;

/**
 * Where a processor stands by its stored tokens, whichever node holds its segments: for processors whose segments are
 * released while they fail (a publisher whose broker is down), so their lag still shows.
 */
public interface StoredPositions {

    /** The lowest position of the processor's stored tokens; empty when it has none or one has no position yet. */
    OptionalLong lowest(String processorName);
}
