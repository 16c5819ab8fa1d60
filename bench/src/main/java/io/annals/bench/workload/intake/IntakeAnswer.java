package io.annals.bench.workload.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * The 202 answer of {@code POST /api/intake/events}: {@code {"accepted", "duplicates", "rejected": [{"index",
 * "event_id"?, "reason"}]}}. Parsed with Jackson: at most a few dozen answers per second in the batch workload, and a
 * few bytes each in the single-event one.
 *
 * @param rejectedIndices the {@code index} of every rejected element, in the order the service listed them
 */
record IntakeAnswer(int accepted, int duplicates, int[] rejectedIndices) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static IntakeAnswer parse(String body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("intake answer is not JSON: " + body, e);
        }
        JsonNode accepted = json.get("accepted");
        JsonNode duplicates = json.get("duplicates");
        JsonNode rejected = json.get("rejected");
        if (accepted == null || !accepted.canConvertToInt() || duplicates == null || !duplicates.canConvertToInt()
                || rejected == null || !rejected.isArray()) {
            throw new IllegalStateException("intake answer lacks accepted/duplicates/rejected: " + body);
        }
        int[] indices = new int[rejected.size()];
        for (int i = 0; i < indices.length; i++) {
            indices[i] = rejected.get(i).path("index").asInt(-1);
        }
        return new IntakeAnswer(accepted.asInt(), duplicates.asInt(), indices);
    }

    String describe() {
        return "accepted " + accepted + ", duplicates " + duplicates + ", rejected at "
                + java.util.Arrays.toString(rejectedIndices);
    }
}
