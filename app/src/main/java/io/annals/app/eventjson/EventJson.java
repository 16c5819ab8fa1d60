package io.annals.app.eventjson;

import io.annals.kernel.intake.IntakeEnrichment;
import io.annals.kernel.intake.IntakeEventAccepted;
import io.annals.kernel.intake.IntakeRules;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * Turns events into the JSON the live feed sends and the fan-out publishes ({@code {"type", "aggregateId",
 * "version", "timestamp", "payload", "metadata"}}) with the web's Jackson 3 mapper, so a payload reads as in the rest
 * of the API (the history endpoint serializes the same payload objects). An intake event's payload is the enriched
 * view that {@code GET /api/intake/events} lists, derived by {@link IntakeRules#enrich}, with the event as submitted
 * embedded as JSON. The global position travels beside the JSON (the SSE {@code id:}, a Kafka header, a Redis field).
 */
public final class EventJson {

    private final JsonMapper json;

    public EventJson(JsonMapper json) {
        this.json = json;
    }

    /** An event's type as the feed and the fan-out name it: its payload's simple class name. */
    public static String typeOf(EventMessage<?> event) {
        return event.getPayloadType().getSimpleName();
    }

    /** The event at global {@code position} as compact JSON on one line. */
    public String of(long position, EventMessage<?> event) {
        ObjectNode data = json.createObjectNode();
        data.put("type", typeOf(event));
        if (event instanceof DomainEventMessage<?> domain && domain.getAggregateIdentifier() != null) {
            data.put("aggregateId", domain.getAggregateIdentifier());
            data.put("version", domain.getSequenceNumber());
        } else {
            data.putNull("aggregateId");
            data.putNull("version");
        }
        data.set("timestamp", json.valueToTree(event.getTimestamp()));
        data.set("payload", event.getPayload() instanceof IntakeEventAccepted accepted
                ? enriched(accepted, position) : json.valueToTree(event.getPayload()));
        data.set("metadata", json.valueToTree(event.getMetaData()));
        return json.writeValueAsString(data);
    }

    private ObjectNode enriched(IntakeEventAccepted event, long position) {
        IntakeEnrichment enrichment = IntakeRules.enrich(event);
        ObjectNode view = json.createObjectNode();
        view.put("event_id", event.eventId());
        view.put("source_id", event.sourceId());
        view.put("source_sequence", event.sourceSequence());
        view.put("global_sequence", position);
        view.put("priority", event.priority() == null ? null : event.priority().name());
        view.put("category", enrichment.category().name());
        view.put("category_confidence", enrichment.categoryConfidence());
        view.put("risk_score", enrichment.riskScore());
        view.put("is_anomaly", enrichment.anomaly());
        view.put("processing_signature", enrichment.processingSignature());
        view.set("received_at", json.valueToTree(event.receivedAt()));
        // the event as submitted: its JSON itself, not a string holding it, and byte for byte (a parse and write
        // could round its numbers); intake stores it compact, so it stays on one line (of SSE data, of a record)
        if (event.payload() == null) {
            view.putNull("payload");
        } else {
            view.putRawValue("payload", new RawValue(event.payload()));
        }
        return view;
    }
}
