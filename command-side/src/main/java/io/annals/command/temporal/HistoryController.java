package io.annals.command.temporal;

import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
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

    @GetMapping("/api/{kind}/{id}/events")
    List<HistoryEntry> events(@PathVariable String kind, @PathVariable String id,
                              @RequestParam(required = false) String fromVersion,
                              @RequestParam(required = false) String limit) {
        long from = fromVersion == null ? 0 : parseLong("fromVersion", fromVersion, 0, Long.MAX_VALUE);
        int max = limit == null ? MAX_LIMIT : (int) parseLong("limit", limit, 1, MAX_LIMIT);
        return history.events(kind, id, from, max).stream().map(HistoryEntry::of).toList();
    }

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
