package io.annals.bench.workload.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.annals.bench.load.AnnalsClient;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The intake contract of API.md ("Event intake", "Precise rules") written down independently of the generator, to
 * judge what the generator produces: which elements break the contract and why, which repeat an event the source
 * already has, and what each source ends up with.
 */
final class FakeIntakeService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SOURCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Set<String> PRIORITIES = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL");

    private final Map<String, Set<String>> eventIds = new HashMap<>();
    private final Map<String, Long> duplicates = new HashMap<>();
    private final List<IntakeChecks.ListedEvent> stored = new java.util.ArrayList<>();

    /** Judges and stores a body as the service would, answering 202 with the contract's answer. */
    synchronized AnnalsClient.Answer post(byte[] body) throws IOException {
        JsonNode json = JSON.readTree(body);
        List<JsonNode> elements = json.isArray() ? iterate(json) : List.of(json);
        int accepted = 0;
        int repeated = 0;
        ArrayNode rejected = JSON.createArrayNode();
        for (int index = 0; index < elements.size(); index++) {
            JsonNode element = elements.get(index);
            Optional<String> reason = reason(element);
            if (reason.isPresent()) {
                ObjectNode rejection = rejected.addObject().put("index", index).put("reason", reason.get());
                if (element.path("event_id").isTextual()) {
                    rejection.put("event_id", element.get("event_id").asText());
                }
                continue;
            }
            String source = element.get("source_id").asText();
            if (eventIds.computeIfAbsent(source, s -> new HashSet<>()).add(element.get("event_id").asText())) {
                accepted++;
                stored.add(new IntakeChecks.ListedEvent(source, eventIds.get(source).size(), stored.size() + 1));
            } else {
                repeated++;
                duplicates.merge(source, 1L, Long::sum);
            }
        }
        ObjectNode answer = JSON.createObjectNode().put("accepted", accepted).put("duplicates", repeated);
        answer.set("rejected", rejected);
        return new AnnalsClient.Answer(202, JSON.writeValueAsString(answer));
    }

    /** {@code GET /api/intake/sources/{id}}'s body, or empty for an unknown source. */
    synchronized Optional<String> sourceView(String source) throws IOException {
        if (!eventIds.containsKey(source)) {
            return Optional.empty();
        }
        long accepted = accepted(source);
        return Optional.of(JSON.writeValueAsString(JSON.createObjectNode().put("source_id", source)
                .put("accepted", accepted).put("duplicates", duplicates(source)).put("last_sequence", accepted)));
    }

    /** {@code GET /api/intake/events?source=X}'s first page of {@code size}. */
    synchronized String listing(String source, int size) throws IOException {
        ArrayNode items = JSON.createArrayNode();
        stored.stream().filter(e -> e.sourceId().equals(source)).limit(size).forEach(e -> items.addObject()
                .put("source_id", e.sourceId()).put("source_sequence", e.sourceSequence())
                .put("global_sequence", e.globalSequence()));
        ObjectNode page = JSON.createObjectNode();
        page.set("items", items);
        return JSON.writeValueAsString(page);
    }

    synchronized long accepted(String source) {
        return eventIds.getOrDefault(source, Set.of()).size();
    }

    synchronized long duplicates(String source) {
        return duplicates.getOrDefault(source, 0L);
    }

    /** Why the contract rejects this element, or empty when it is a valid event. */
    static Optional<String> reason(JsonNode event) {
        if (!event.isObject()) {
            return Optional.of("not an object");
        }
        JsonNode eventId = event.get("event_id");
        if (eventId == null || !eventId.isTextual() || eventId.asText().isEmpty()) {
            return Optional.of("event_id missing");
        }
        if (eventId.asText().length() > 128) {
            return Optional.of("event_id too long");
        }
        JsonNode sourceId = event.get("source_id");
        if (sourceId == null || !sourceId.isTextual()) {
            return Optional.of("source_id missing");
        }
        if (!SOURCE_ID.matcher(sourceId.asText()).matches()) {
            return Optional.of("source_id invalid");
        }
        JsonNode timestamp = event.get("timestamp");
        if (timestamp == null || !timestamp.isNumber()) {
            return Optional.of("timestamp not a number");
        }
        JsonNode priority = event.get("priority");
        if (priority != null && (!priority.isTextual() || !PRIORITIES.contains(priority.asText()))) {
            return Optional.of("priority unknown");
        }
        JsonNode load = event.get("load_indicator");
        if (load != null && (!load.isNumber() || load.asDouble() < 0 || load.asDouble() > 1)) {
            return Optional.of("load_indicator out of range");
        }
        JsonNode metadata = event.get("metadata");
        if (metadata != null && !metadata.isObject()) {
            return Optional.of("metadata not an object");
        }
        if (metadata != null && depth(metadata) > 16) {
            return Optional.of("metadata too deep");
        }
        return Optional.empty();
    }

    /** Nesting levels; the object itself is level 1. */
    static int depth(JsonNode node) {
        int deepest = 0;
        for (JsonNode child : iterate(node)) {
            if (child.isContainerNode()) {
                deepest = Math.max(deepest, depth(child));
            }
        }
        return 1 + deepest;
    }

    private static List<JsonNode> iterate(JsonNode container) {
        List<JsonNode> children = new java.util.ArrayList<>();
        container.elements().forEachRemaining(children::add);
        return children;
    }
}
