package io.annals.bench.workload.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * The ways a generated event breaks the intake contract (API.md, "Event intake" and "Precise rules"); the service
 * must reject each such event alone and keep its neighbours. Each one takes a valid event and spoils one thing, so
 * the rejection can only come from that one thing.
 */
enum Malformation {

    MISSING_SOURCE_ID {
        @Override
        JsonNode spoil(ObjectNode valid) {
            valid.remove("source_id");
            return valid;
        }
    },
    MISSING_EVENT_ID {
        @Override
        JsonNode spoil(ObjectNode valid) {
            valid.remove("event_id");
            return valid;
        }
    },
    EVENT_ID_TOO_LONG {
        @Override
        JsonNode spoil(ObjectNode valid) {
            String id = valid.get("event_id").asText();
            return valid.put("event_id", id + "x".repeat(IntakeBodies.MAX_EVENT_ID + 1 - id.length()));
        }
    },
    SOURCE_ID_WITH_SPACES {
        @Override
        JsonNode spoil(ObjectNode valid) {
            return valid.put("source_id", "not a source id");
        }
    },
    UNKNOWN_PRIORITY {
        @Override
        JsonNode spoil(ObjectNode valid) {
            return valid.put("priority", "URGENT");
        }
    },
    LOAD_ABOVE_ONE {
        @Override
        JsonNode spoil(ObjectNode valid) {
            return valid.put("load_indicator", 1.5);
        }
    },
    TIMESTAMP_AS_STRING {
        @Override
        JsonNode spoil(ObjectNode valid) {
            return valid.put("timestamp", valid.get("timestamp").asText());
        }
    },
    METADATA_NOT_AN_OBJECT {
        @Override
        JsonNode spoil(ObjectNode valid) {
            return valid.put("metadata", "flat");
        }
    },
    METADATA_TOO_DEEP {
        @Override
        JsonNode spoil(ObjectNode valid) {
            // the metadata object itself is level 1 (API.md): 17 nested objects are one level too many
            ObjectNode level = JsonNodeFactory.instance.objectNode();
            for (int depth = 1; depth < IntakeBodies.MAX_METADATA_DEPTH + 1; depth++) {
                ObjectNode outer = JsonNodeFactory.instance.objectNode();
                outer.set("l", level);
                level = outer;
            }
            valid.set("metadata", level);
            return valid;
        }
    },
    NOT_AN_OBJECT {
        @Override
        JsonNode spoil(ObjectNode valid) {
            return valid.size() % 2 == 0 ? IntNode.valueOf(42) : TextNode.valueOf("not an event");
        }

        @Override
        boolean allowedAlone() {
            // a body that is neither an object nor an array is a malformed request (400), not a rejected event
            return false;
        }
    };

    /** Spoils {@code valid} (which it may change) and returns the malformed element. */
    abstract JsonNode spoil(ObjectNode valid);

    /** Whether the malformation still makes a request body of its own that the service judges as an event. */
    boolean allowedAlone() {
        return true;
    }
}
