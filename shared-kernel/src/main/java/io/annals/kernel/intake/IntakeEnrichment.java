package io.annals.kernel.intake;

/**
 * What classification and transformation (stages 3 and 4 of seed 002) derive from an accepted event; a pure function
 * of the event ({@link IntakeRules#enrich}), so a replay derives the same.
 *
 * @param category             the event's category
 * @param categoryConfidence   0..1: how clearly the factors point at the category
 * @param riskScore            0..1: equal quarters of priority, load, metadata complexity and the category's bonus
 * @param anomaly              whether the event stands out (see {@link IntakeRules})
 * @param processingSignature  a stable hash of the event's content (its payload)
 */
public record IntakeEnrichment(IntakeCategory category, double categoryConfidence, double riskScore, boolean anomaly,
                               String processingSignature) {
}
