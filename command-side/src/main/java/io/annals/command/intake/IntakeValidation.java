package io.annals.command.intake;

import io.annals.kernel.intake.IntakePriority;
import io.annals.kernel.intake.MetadataShape;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Judges each intake event alone, as API.md's "Event intake" says: the required {@code event_id} (a string of 1..128
 * characters), {@code source_id} ({@code [A-Za-z0-9._-]{1,64}}) and {@code timestamp} (epoch seconds, a number ≥ 0),
 * the optional {@code priority} (LOW, MEDIUM, HIGH, CRITICAL; MEDIUM when absent), {@code load_indicator} (a number in
 * 0..1) and {@code metadata} (an object at most 16 levels deep, itself level 1, and 64 KiB as compact JSON). No type is
 * coerced: {@code "10"} is not a number. An optional field that is {@code null} counts as absent. Every other field
 * is kept as it is.
 */
final class IntakeValidation {

    static final int MAX_EVENT_ID_LENGTH = 128;
    static final int MAX_METADATA_DEPTH = 16;
    static final int MAX_METADATA_BYTES = 64 * 1024;
    private static final Pattern SOURCE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Map<String, IntakePriority> PRIORITIES = Map.of(
            "LOW", IntakePriority.LOW, "MEDIUM", IntakePriority.MEDIUM,
            "HIGH", IntakePriority.HIGH, "CRITICAL", IntakePriority.CRITICAL);

    private final JsonMapper json;

    IntakeValidation(JsonMapper json) {
        this.json = json;
    }

    /** The event at {@code index} of a request, valid or with the reason it is not. */
    sealed interface Verdict permits Valid, Invalid {
    }

    record Valid(IntakeEvent event) implements Verdict {
    }

    record Invalid(IntakeRejection rejection) implements Verdict {
    }

    Verdict judge(int index, JsonNode element) {
        if (!element.isObject()) {
            return invalid(index, null, "event", "must be a JSON object");
        }
        JsonNode eventIdNode = element.get("event_id");
        String eventId = eventIdNode != null && eventIdNode.isString() ? eventIdNode.stringValue() : null;
        if (eventId == null) {
            return invalid(index, null, "event_id", eventIdNode == null || eventIdNode.isNull() ? "is required"
                    : "must be a string");
        }
        if (eventId.isEmpty() || eventId.length() > MAX_EVENT_ID_LENGTH) {
            return invalid(index, null, "event_id", "must be 1.." + MAX_EVENT_ID_LENGTH + " characters");
        }
        JsonNode sourceNode = element.get("source_id");
        if (sourceNode == null || sourceNode.isNull()) {
            return invalid(index, eventId, "source_id", "is required");
        }
        if (!sourceNode.isString() || !SOURCE_ID.matcher(sourceNode.stringValue()).matches()) {
            return invalid(index, eventId, "source_id", "must be a string matching [A-Za-z0-9._-]{1,64}");
        }
        JsonNode timestampNode = element.get("timestamp");
        if (timestampNode == null || timestampNode.isNull()) {
            return invalid(index, eventId, "timestamp", "is required");
        }
        if (!timestampNode.isNumber() || timestampNode.decimalValue().signum() < 0) {
            return invalid(index, eventId, "timestamp", "must be a number of epoch seconds, not negative");
        }
        IntakePriority priority = IntakePriority.MEDIUM;
        JsonNode priorityNode = element.get("priority");
        if (priorityNode != null && !priorityNode.isNull()) {
            priority = priorityNode.isString() ? PRIORITIES.get(priorityNode.stringValue()) : null;
            if (priority == null) {
                return invalid(index, eventId, "priority", "must be one of LOW, MEDIUM, HIGH, CRITICAL");
            }
        }
        Double load = null;
        JsonNode loadNode = element.get("load_indicator");
        if (loadNode != null && !loadNode.isNull()) {
            BigDecimal value = loadNode.isNumber() ? loadNode.decimalValue() : null;
            if (value == null || value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
                return invalid(index, eventId, "load_indicator", "must be a number from 0 to 1");
            }
            load = value.doubleValue();
        }
        MetadataShape shape = MetadataShape.NONE;
        JsonNode metadataNode = element.get("metadata");
        if (metadataNode != null && !metadataNode.isNull()) {
            if (!metadataNode.isObject()) {
                return invalid(index, eventId, "metadata", "must be a JSON object");
            }
            Shape measured = new Shape();
            measured.walk(metadataNode, 1);
            if (measured.depth > MAX_METADATA_DEPTH) {
                return invalid(index, eventId, "metadata", "must be at most " + MAX_METADATA_DEPTH + " levels deep");
            }
            int bytes = json.writeValueAsString(metadataNode).getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_METADATA_BYTES) {
                return invalid(index, eventId, "metadata", "must be at most " + MAX_METADATA_BYTES + " bytes of JSON");
            }
            shape = new MetadataShape(measured.fields, measured.depth, measured.containers, bytes);
        }
        return new Valid(new IntakeEvent(index, sourceNode.stringValue(), eventId, timestampNode.decimalValue(),
                priority, load, shape, json.writeValueAsString(element)));
    }

    private static Verdict invalid(int index, String eventId, String field, String problem) {
        return new Invalid(IntakeRejection.of(index, eventId, field, problem));
    }

    /** Counts a metadata object's keys, levels and nested containers, never looking at a value. */
    private static final class Shape {
        int fields;
        int depth;
        int containers;

        void walk(JsonNode container, int level) {
            depth = Math.max(depth, level);
            if (level > 1) {
                containers++;
            }
            if (level > MAX_METADATA_DEPTH) {
                return; // deep enough to be refused; no need to walk further
            }
            if (container.isObject()) {
                fields += container.size();
            }
            for (JsonNode child : container.values()) {
                if (child.isObject() || child.isArray()) {
                    walk(child, level + 1);
                }
            }
        }
    }
}
