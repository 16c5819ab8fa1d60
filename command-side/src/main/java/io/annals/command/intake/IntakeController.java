package io.annals.command.intake;

import io.annals.command.web.ApiDocs;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.role.InstanceRole;
import io.annals.kernel.role.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /api/intake/events}: one event or an array of up to 1,000, each judged alone; the valid ones are stored
 * in their sources' streams before the answer (202 means durably stored), the others listed with the reason.
 */
@RestController
@Tag(name = ApiDocs.INTAKE)
@InstanceRole(Role.INTAKE)
class IntakeController {

    static final int MAX_EVENTS = 1000;

    record IntakeAnswer(int accepted, int duplicates, List<IntakeRejection> rejected) {
    }

    private final ObjectReader reader;
    private final IntakeValidation validation;
    private final IntakeAppender appender;
    private final IntakeBackpressure backpressure;
    private final IntakeMetrics metrics;

    IntakeController(JsonMapper json, IntakeAppender appender, IntakeBackpressure backpressure,
                     IntakeMetrics metrics) {
        // decimals as written: the payload is kept exactly as submitted
        this.reader = json.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.validation = new IntakeValidation(json);
        this.appender = appender;
        this.backpressure = backpressure;
        this.metrics = metrics;
    }

    @Operation(summary = "Submit external events",
            description = "One event object or an array of up to 1,000. Each is judged alone: a bad event is listed "
                    + "under rejected and its neighbours are stored. An event_id its source sent before is counted "
                    + "as a duplicate and not stored again. 202 means the accepted events are durably stored.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject("""
            {"event_id": "evt-001", "source_id": "service-a", "timestamp": 1670000000.0, "priority": "HIGH",
             "load_indicator": 0.75, "metadata": {"user_id": "user-123", "nested": {"key": "value"}}}""")))
    @ApiResponse(responseCode = "202", description = "Stored what was valid: accepted, duplicates, rejected")
    @ApiResponse(responseCode = "429", description = "The pipeline is too far behind; nothing was stored "
            + "(Retry-After says when to try again)")
    @PostMapping(path = "/api/intake/events", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    IntakeAnswer submit(@RequestBody byte[] body) {
        Instant receivedAt = Instant.now();
        try {
            backpressure.check();
        } catch (IntakeBehindException behind) {
            metrics.throttled();
            throw behind;
        }
        List<IntakeEvent> valid = new ArrayList<>();
        List<IntakeRejection> rejected = new ArrayList<>();
        metrics.validate().record(() -> judge(parse(body), valid, rejected));
        IntakeAppender.Appended appended = metrics.append().record(() -> appender.append(valid, receivedAt));
        metrics.stored(appended, rejected);
        return new IntakeAnswer(appended.accepted(), appended.duplicates(), rejected);
    }

    private JsonNode parse(byte[] body) {
        JsonNode root;
        try {
            root = reader.readTree(body);
        } catch (JacksonException e) {
            throw new RuleViolationException("body", "must be JSON: one event object or an array of events");
        }
        if (root == null || !(root.isObject() || root.isArray())) {
            throw new RuleViolationException("body", "must be one event object or an array of events");
        }
        if (root.isArray() && root.size() > MAX_EVENTS) {
            throw new RuleViolationException("body", "at most " + MAX_EVENTS + " events per request, not "
                    + root.size());
        }
        return root;
    }

    private void judge(JsonNode root, List<IntakeEvent> valid, List<IntakeRejection> rejected) {
        if (root.isObject()) {
            add(validation.judge(0, root), valid, rejected);
            return;
        }
        for (int index = 0; index < root.size(); index++) {
            add(validation.judge(index, root.get(index)), valid, rejected);
        }
    }

    private static void add(IntakeValidation.Verdict verdict, List<IntakeEvent> valid,
                            List<IntakeRejection> rejected) {
        if (verdict instanceof IntakeValidation.Valid ok) {
            valid.add(ok.event());
        } else if (verdict instanceof IntakeValidation.Invalid bad) {
            rejected.add(bad.rejection());
        }
    }
}
