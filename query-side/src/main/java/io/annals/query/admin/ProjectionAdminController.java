package io.annals.query.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.annals.kernel.error.EntityNotFoundException;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.annals.query.web.ApiDocs;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.Collection;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Projection operations (ADMIN): status of every read model's processor and a blue/green rebuild from the event store
 * ({@link ProjectionRebuilds}). Positions describe the live processor's segments this node processes; a rebuild's
 * progress is read from its stored tokens, so it is the same on every node. A processor this node does not run is not
 * listed.
 */
@RestController
@RequestMapping("/api/admin/projections")
@Tag(name = ApiDocs.OPERATIONS)
@InstanceRole(Role.QUERY)
class ProjectionAdminController {

    /** The processing groups of API.md, in the order they are listed. */
    static final List<String> PROJECTIONS = List.of("customers", "products", "orders", "intake");
    /**
     * The event fan-out's publishers (app's {@code io.annals.app.fanout}), listed after the projections when this node
     * runs them; their position is their stored tokens' ({@link StoredPositions}), as a failing publisher releases
     * its segments between retries. Not replayable here.
     */
    static final List<String> PUBLISHERS = List.of("fanout-redis", "fanout-kafka");

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final TokenStore tokenStore;
    private final TransactionManager transactionManager;
    private final ProjectionRebuilds rebuilds;
    private final ObjectProvider<StoredPositions> storedPositions;

    ProjectionAdminController(EventProcessingConfiguration processing, EventStore eventStore, TokenStore tokenStore,
                              TransactionManager transactionManager, ProjectionRebuilds rebuilds,
                              ObjectProvider<StoredPositions> storedPositions) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.tokenStore = tokenStore;
        this.transactionManager = transactionManager;
        this.rebuilds = rebuilds;
        this.storedPositions = storedPositions;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ProjectionStatus(String name, String state, int segments, Long position, Long headPosition, Long lag,
                            Double replayProgress) {
    }

    @Operation(summary = "Every projection's state, position and lag")
    @GetMapping
    List<ProjectionStatus> list() {
        Long head = positionOf(eventStore.createHeadToken());
        // a processor whose role this node does not run (intake) is not listed here
        return Stream.concat(PROJECTIONS.stream(), PUBLISHERS.stream())
                .flatMap(name -> processing.eventProcessor(name, StreamingEventProcessor.class).stream()
                        .map(processor -> status(name, processor, head)))
                .toList();
    }

    @Operation(summary = "Rebuild a read model from the event store",
            description = "Builds a new generation of the read model beside the live one, which keeps answering and "
                    + "following new events; once the new generation has caught up, reads switch to it in one "
                    + "transaction and the old one is dropped. 409 while a rebuild of the projection is under way.")
    @Parameter(name = "name", schema = @Schema(allowableValues = {"customers", "products", "orders", "intake"}))
    @PostMapping("/{name}/replay")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ProjectionStatus replay(@PathVariable String name) {
        StreamingEventProcessor processor = processor(name);
        rebuilds.start(name);
        return status(name, processor, positionOf(eventStore.createHeadToken()));
    }

    private StreamingEventProcessor processor(String name) {
        if (!PROJECTIONS.contains(name)) {
            throw new EntityNotFoundException("no projection " + name);
        }
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new EntityNotFoundException("projection " + name + " does not run on this node"));
    }

    private ProjectionStatus status(String name, StreamingEventProcessor processor, Long head) {
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        int segmentCount = transactionManager.fetchInTransaction(() -> tokenStore.fetchSegments(name).length);
        Long position = segments.stream().map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent).map(OptionalLong::getAsLong).min(Long::compare).orElse(null);
        StoredPositions stored = storedPositions.getIfAvailable();
        if (PUBLISHERS.contains(name) && stored != null) {
            OptionalLong lowest = stored.lowest(name);
            position = lowest.isPresent() ? Long.valueOf(lowest.getAsLong()) : null;
        }
        Long lag = position == null || head == null ? null : Math.max(0, head - position);
        OptionalDouble rebuild = rebuilds.progress(name);
        String state = rebuild.isPresent() ? "REPLAYING" : state(processor, segments);
        return new ProjectionStatus(name, state, segmentCount, position, head, lag,
                rebuild.isPresent() ? rebuild.getAsDouble() : null);
    }

    private static String state(StreamingEventProcessor processor, Collection<EventTrackerStatus> segments) {
        if (!processor.isRunning()) {
            return "STOPPED";
        }
        if (processor.isError() || segments.stream().anyMatch(EventTrackerStatus::isErrorState)) {
            return "ERROR";
        }
        return "RUNNING";
    }

    private static Long positionOf(TrackingToken token) {
        if (token == null) {
            return null;
        }
        OptionalLong position = token.position();
        return position.isPresent() ? position.getAsLong() : null;
    }
}
