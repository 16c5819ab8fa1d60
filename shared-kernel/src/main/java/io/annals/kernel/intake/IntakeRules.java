package io.annals.kernel.intake;

/**
 * The intake pipeline's classification and transformation rules (seed 002), pure functions in one place: the
 * enrichment processor and the live feed apply the same rules, and the README shows them as a table.
 */
public final class IntakeRules {

    private IntakeRules() {
    }

    /** Classifies and enriches an accepted event. */
    public static IntakeEnrichment enrich(IntakeEventAccepted event) {
        // placeholder until the rules land: everything is SYSTEM
        return new IntakeEnrichment(IntakeCategory.SYSTEM, 1.0, 0.0, false, Integer.toHexString(event.payload().hashCode()));
    }
}
