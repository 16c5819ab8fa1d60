package io.annals.query.intake;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Map;

/** A source's counts as {@code GET /api/intake/sources/{sourceId}} answers them; every category is listed. */
record IntakeSourceView(@JsonProperty("source_id") String sourceId,
                        long accepted,
                        long duplicates,
                        @JsonProperty("last_sequence") long lastSequence,
                        @JsonProperty("by_category") Map<String, Long> byCategory) {
}
