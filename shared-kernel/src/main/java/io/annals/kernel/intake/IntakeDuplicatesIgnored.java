package io.annals.kernel.intake;

import org.axonframework.serialization.Revision;

import java.util.Map;

/**
 * A request repeated events its sources had sent before (or repeated one within itself); none of them was stored
 * again. Recorded so that the sources' duplicate counts are facts in the event store a read model can be rebuilt
 * from, like everything else.
 *
 * @param bySource how many duplicates each source sent in the request
 */
@Revision("1")
public record IntakeDuplicatesIgnored(Map<String, Long> bySource) {
}
