package io.annals.bench.workload.intake;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET /api/intake/sources/{sourceId}}: the enriched read model's counts for one source. */
record SourceView(String sourceId, long accepted, long duplicates, long lastSequence) {

    static SourceView of(JsonNode json) {
        return new SourceView(json.path("source_id").asText(), json.path("accepted").asLong(-1),
                json.path("duplicates").asLong(-1), json.path("last_sequence").asLong(-1));
    }
}
