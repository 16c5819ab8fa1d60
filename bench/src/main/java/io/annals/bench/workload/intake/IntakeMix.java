package io.annals.bench.workload.intake;

/**
 * How much of the generated traffic is not a plain new event.
 *
 * @param duplicateRate          share of events that repeat an {@code event_id} the same client already sent for the
 *                               same source (and that was stored)
 * @param malformedRate          share of events that break the contract in one of the {@link Malformation} ways
 * @param inBatchDuplicateShare  of the duplicates, the share whose original is earlier in the same request body
 */
record IntakeMix(double duplicateRate, double malformedRate, double inBatchDuplicateShare) {

    /** About 1 % duplicates (a third of them inside their batch) and 0.5 % malformed events. */
    static final IntakeMix REALISTIC = new IntakeMix(0.01, 0.005, 1.0 / 3);

    /** Only new, valid events. */
    static final IntakeMix CLEAN = new IntakeMix(0, 0, 0);

    IntakeMix {
        if (duplicateRate < 0 || malformedRate < 0 || duplicateRate + malformedRate > 1
                || inBatchDuplicateShare < 0 || inBatchDuplicateShare > 1) {
            throw new IllegalArgumentException("rates must be shares: " + duplicateRate + ", " + malformedRate
                    + ", " + inBatchDuplicateShare);
        }
    }
}
