package io.annals.command.temporal;

import io.annals.command.web.ApiDocs;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.serialization.AnnotationRevisionResolver;
import org.axonframework.serialization.RevisionResolver;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

@RestController
@Tag(name = ApiDocs.HISTORY)
@InstanceRole(Role.QUERY)
class HistoryController {

    static final int MAX_LIMIT = 1000;
    private static final RevisionResolver REVISIONS = new AnnotationRevisionResolver();

    private final AggregateHistory history;

    HistoryController(AggregateHistory history) {
        this.history = history;
    }

    record HistoryEntry(long version, String type, String revision, Instant timestamp, Object payload,
                        Map<String, ?> metadata) {

        static HistoryEntry of(DomainEventMessage<?> event) {
            return new HistoryEntry(event.getSequenceNumber(), event.getPayloadType().getSimpleName(),
                    REVISIONS.revisionOf(event.getPayloadType()), event.getTimestamp(), event.getPayload(),
                    event.getMetaData());
        }
    }

    @Operation(summary = "An entity's events, read from the event store",
            description = "Oldest first, each with its version, type, revision, timestamp, payload and metadata "
                    + "(correlationId, causationId, ...). A deleted customer's events stay readable.")
    @Parameter(name = "kind", schema = @Schema(allowableValues = {"customers", "products", "orders"}))
    @Parameter(name = "id", description = "The customer's or order's id, or the product's sku")
    @Parameter(name = "fromVersion", description = "The first version to list (default 0)",
            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
    @Parameter(name = "limit", description = "At most this many events (1..1000, default 1000)",
            schema = @Schema(type = "integer", minimum = "1", maximum = "1000"))
    @GetMapping("/api/{kind}/{id}/events")
    List<HistoryEntry> events(@PathVariable String kind, @PathVariable String id,
                              @RequestParam(required = false) String fromVersion,
                              @RequestParam(required = false) String limit) {
        long from = fromVersion == null ? 0 : parseLong("fromVersion", fromVersion, 0, Long.MAX_VALUE);
        int max = limit == null ? MAX_LIMIT : (int) parseLong("limit", limit, 1, MAX_LIMIT);
        return history.events(kind, id, from, max).stream().map(HistoryEntry::of).toList();
    }

    @Operation(summary = "An entity's state at a past instant or version, replayed from the event store",
            description = "The same fields as the entity's GET, rebuilt from its events up to that point, never "
                    + "from the read model. Give exactly one of asOf and atVersion; 404 if the entity did not exist "
                    + "yet (or atVersion is beyond its last version).")
    @Parameter(name = "kind", schema = @Schema(allowableValues = {"customers", "products", "orders"}))
    @Parameter(name = "id", description = "The customer's or order's id, or the product's sku")
    @Parameter(name = "asOf", description = "Every event with a timestamp up to and including this instant",
            schema = @Schema(type = "string", format = "date-time", example = "2026-11-24T10:15:30Z"))
    @Parameter(name = "atVersion", description = "Every event up to and including this version",
            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
    @GetMapping("/api/{kind}/{id}/state")
    Object state(@PathVariable String kind, @PathVariable String id,
                 @RequestParam(required = false) String asOf,
                 @RequestParam(required = false) String atVersion) {
        if ((asOf == null) == (atVersion == null)) {
            throw new RuleViolationException(asOf == null ? "asOf" : "atVersion",
                    "give exactly one of asOf (an ISO-8601 instant) or atVersion");
        }
        if (atVersion != null) {
            return history.stateAtVersion(kind, id, parseLong("atVersion", atVersion, 0, Long.MAX_VALUE));
        }
        try {
            return history.stateAsOf(kind, id, Instant.parse(asOf));
        } catch (DateTimeParseException e) {
            throw new RuleViolationException("asOf", "must be an ISO-8601 instant such as 2026-11-24T10:15:30Z");
        }
    }

    private static long parseLong(String field, String value, long min, long max) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < min || parsed > max) {
                throw new RuleViolationException(field, "must be between " + min + " and " + max);
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new RuleViolationException(field, "must be a whole number");
        }
    }
}
