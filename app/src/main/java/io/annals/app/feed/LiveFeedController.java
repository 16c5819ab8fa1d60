package io.annals.app.feed;

import io.annals.app.web.Problems;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/stream} (API.md "Live feed"), grouped with intake as the contract groups it.
 *
 * <p>An {@link SseEmitter} rather than a {@code StreamingResponseBody}: the emitter is written from threads of the
 * stream's own ({@link FeedClients}), so no request thread and no pool shared by all streaming responses (Spring
 * MVC's async executor, which runs a {@code StreamingResponseBody}) ever waits for a slow client; and it writes the
 * SSE format and reports the end of the response (client gone, error) to the stream.
 */
@RestController
@InstanceRole(Role.QUERY)
@Tag(name = "Intake") // OpenApiDocument.INTAKE
class LiveFeedController {

    private final FeedClients clients;

    LiveFeedController(FeedClients clients) {
        this.clients = clients;
    }

    @Operation(summary = "Live feed: every event from a position on, then new ones as they commit",
            description = "Server-Sent Events in global order. Each message: id = the global position to resume "
                    + "after, event = the event type (e.g. ProductRestocked, IntakeEventAccepted), data = {type, "
                    + "aggregateId, version, timestamp, payload, metadata}; an intake event's payload is its "
                    + "enriched view (as GET /api/intake/events lists it). A comment line keeps an idle stream open. "
                    + "Reconnect with Last-Event-ID (or from=) to resume: nothing skipped, nothing repeated. A "
                    + "client too slow to read gets event: overflow (data {lastEventId}) and is disconnected; it "
                    + "may resume from that id.")
    @Parameter(name = "types", description = "Comma-separated globs on the event type; * matches any run of "
            + "characters (default: all)", schema = @Schema(pattern = "[A-Za-z0-9*._$]+(,[A-Za-z0-9*._$]+)*"),
            example = "Product*,Order*Completed")
    @Parameter(name = "source", description = "Only intake events of this source")
    @Parameter(name = "category", description = "Only intake events of this enriched category",
            schema = @Schema(allowableValues = {"SYSTEM", "USER", "TRANSACTION", "MONITORING", "ALERT"}))
    @Parameter(name = "from", description = "Start after this global position (0: from the beginning; default: "
            + "only new events)", schema = @Schema(type = "integer", format = "int64", minimum = "0"))
    @Parameter(name = FeedStart.LAST_EVENT_ID, in = ParameterIn.HEADER, description = "Resume after this id (an "
            + "EventSource sends it when it reconnects); takes precedence over from",
            schema = @Schema(type = "integer", format = "int64", minimum = "0"))
    @ApiResponse(responseCode = "200", description = "The stream, open until the client leaves",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(type = "string", example = "id: 42\nevent: ProductRestocked\ndata: "
                            + "{\"type\":\"ProductRestocked\",\"aggregateId\":\"TEA-1\",\"version\":3,...}\n\n")))
    @ApiResponse(responseCode = "503", description = "annals.stream.max-clients streams are open: try again after "
            + "Retry-After", headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "Seconds to wait",
            schema = @Schema(type = "integer")))
    @GetMapping("/api/stream")
    SseEmitter stream(@RequestParam(required = false) String types,
                      @RequestParam(required = false) String source,
                      @RequestParam(required = false) String category,
                      @RequestParam(required = false) String from,
                      @RequestHeader(name = FeedStart.LAST_EVENT_ID, required = false) String lastEventId) {
        FeedFilter filter = FeedFilter.of(types, source, category);
        return clients.open(filter, FeedStart.after(from, lastEventId));
    }

    @ExceptionHandler(TooManyStreamsException.class)
    ResponseEntity<ProblemDetail> tooManyStreams(TooManyStreamsException refused) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(clients.retryAfterSeconds()))
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "too-many-streams", "Too many open streams",
                        refused.getMessage()));
    }
}
