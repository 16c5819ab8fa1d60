package io.annals.command.intake;

import io.annals.kernel.intake.IntakePriority;
import io.annals.kernel.intake.MetadataShape;

import java.math.BigDecimal;

/**
 * An event of a request that passed validation, before it is ordered into its source's stream.
 *
 * @param index   its place in the request (0-based)
 * @param payload the event as submitted, as compact JSON
 */
record IntakeEvent(int index, String sourceId, String eventId, BigDecimal timestamp, IntakePriority priority,
                   Double loadIndicator, MetadataShape metadata, String payload) {
}
