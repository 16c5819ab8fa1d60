package io.annals.bench.workload.intake;

import java.util.Arrays;

/**
 * What the service must answer to one request body, and what it adds to each source, when the body is sent once
 * after every earlier body of the same client was stored.
 *
 * @param events             elements in the body (1 for a single event)
 * @param accepted           new valid events: stored, each with the next {@code source_sequence} of its source
 * @param duplicates         valid events whose {@code event_id} the source already has (earlier in the body or in an
 *                           earlier body)
 * @param rejectedIndices    0-based positions of the malformed elements, ascending
 * @param sources            indexes (into the workload's source list) of the sources this body touches
 * @param acceptedPerSource  accepted events per entry of {@code sources}
 * @param duplicatesPerSource duplicates per entry of {@code sources}
 */
record BodyPlan(int events, int accepted, int duplicates, int[] rejectedIndices, int[] sources,
                int[] acceptedPerSource, int[] duplicatesPerSource) {

    boolean matches(IntakeAnswer answer) {
        return answer.accepted() == accepted && answer.duplicates() == duplicates
                && Arrays.equals(answer.rejectedIndices(), rejectedIndices);
    }

    String describe() {
        return "accepted " + accepted + ", duplicates " + duplicates + ", rejected at "
                + Arrays.toString(rejectedIndices);
    }
}
