package io.annals.query.intake;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;

import java.time.Instant;

/** An enriched intake event as {@code GET /api/intake/events} lists it; {@code payload} is the event as submitted. */
record IntakeEventItem(@JsonProperty("event_id") String eventId,
                       @JsonProperty("source_id") String sourceId,
                       @JsonProperty("source_sequence") long sourceSequence,
                       @JsonProperty("global_sequence") long globalSequence,
                       String priority,
                       String category,
                       @JsonProperty("category_confidence") double categoryConfidence,
                       @JsonProperty("risk_score") double riskScore,
                       @JsonProperty("is_anomaly") boolean anomaly,
                       @JsonProperty("processing_signature") String processingSignature,
                       @JsonProperty("intake_latency_ms") long intakeLatencyMs,
                       @JsonProperty("received_at") Instant receivedAt,
                       @JsonRawValue String payload) {
}
