package io.annals.app.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What every operation shares, added in code rather than repeated on each controller method (API.md "conventions"):
 * the {@code X-Correlation-Id} header, the error answers each kind of operation can give, and for every error answer
 * the {@code application/problem+json} body. An answer a controller already declares (a 409 with its own reasons)
 * keeps its description and headers; its body becomes the problem, as springdoc would give it the success body.
 *
 * <p>Which errors an operation gets follows from what it takes: every one may be 400 (a malformed
 * {@code X-Correlation-Id} at least), 401 and 403 (all need credentials); one with a path variable names an entity
 * that may not exist (404); one with a body may get one too large (413) or of the wrong media type (415); a read with
 * {@code minVersion} may time out waiting (503 with {@code Retry-After}). Conflicts (409) and rejected creations (422)
 * depend on the command, so the controllers declare them.
 */
class StandardResponses implements OpenApiCustomizer {

    static final String PROBLEM_JSON = "application/problem+json";
    static final String PROBLEM_SCHEMA = "ProblemDetail";
    static final String CORRELATION_ID = "X-Correlation-Id";
    private static final String MIN_VERSION = "minVersion";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents().addSchemas(PROBLEM_SCHEMA, problemSchema());
        if (openApi.getPaths() == null) {
            return;
        }
        for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
            for (Operation operation : path.getValue().readOperations()) {
                customise(path.getKey(), operation);
            }
        }
    }

    private static void customise(String path, Operation operation) {
        operation.addParametersItem(correlationIdParameter());
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        addIfAbsent(responses, "400", "Invalid input: the problem's errors[] name each offending field. Nothing is "
                + "written.");
        addIfAbsent(responses, "401", "Missing or invalid credentials.")
                .addHeaderObject("WWW-Authenticate", new Header().description("Basic realm=\"annals\"")
                        .schema(new StringSchema()));
        addIfAbsent(responses, "403", "The user's role does not allow this call.");
        if (path.contains("{")) {
            addIfAbsent(responses, "404", "No such entity.");
        }
        if (operation.getRequestBody() != null) {
            addIfAbsent(responses, "413", "Body over 1 MiB. Nothing is written.");
            addIfAbsent(responses, "415", "Body not application/json. Nothing is written.");
        }
        if (hasParameter(operation, MIN_VERSION)) {
            addIfAbsent(responses, "503", "The read model did not reach minVersion in time (or too many reads are "
                    + "waiting): try again after Retry-After.")
                    .addHeaderObject("Retry-After", new Header().description("Seconds to wait")
                            .schema(new IntegerSchema()));
        }
        responses.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                withProblemBody(response);
            } else if (status.startsWith("2")) {
                response.addHeaderObject(CORRELATION_ID, new Header()
                        .description("The request's correlation id: the one it sent, or a new one")
                        .schema(new StringSchema()));
            }
        });
        operation.setResponses(sortedByStatus(responses));
    }

    private static Parameter correlationIdParameter() {
        return new HeaderParameter().name(CORRELATION_ID).required(false)
                .description("Ties this request to everything it causes (events' metadata, logs); 1..128 visible "
                        + "ASCII characters. Without it the server makes one. Echoed in the answer.")
                .schema(new StringSchema().pattern("[\\x21-\\x7E]{1,128}"));
    }

    private static boolean hasParameter(Operation operation, String name) {
        List<Parameter> parameters = operation.getParameters();
        return parameters != null && parameters.stream().anyMatch(parameter -> name.equals(parameter.getName()));
    }

    private static ApiResponse addIfAbsent(ApiResponses responses, String status, String description) {
        return responses.computeIfAbsent(status, absent -> new ApiResponse().description(description));
    }

    private static void withProblemBody(ApiResponse response) {
        response.setContent(new Content().addMediaType(PROBLEM_JSON, new MediaType()
                .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA))));
    }

    private static ApiResponses sortedByStatus(ApiResponses responses) {
        ApiResponses sorted = new ApiResponses();
        sorted.putAll(new TreeMap<>(responses));
        sorted.setExtensions(responses.getExtensions());
        return sorted;
    }

    /** RFC 9457 as Annals fills it (see app's Problems and ProblemHandler). */
    private static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An error (RFC 9457). Validation failures list each offending field in errors; a "
                        + "version conflict adds expectedVersion and actualVersion.")
                .addProperty("type", new StringSchema().format("uri")
                        .example("https://annals.io/problems/validation"))
                .addProperty("title", new StringSchema().example("Invalid request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema())
                .addProperty("instance", new StringSchema().format("uri"))
                .addProperty("errors", new ArraySchema().items(new ObjectSchema()
                        .addProperty("field", new StringSchema().description("A JSON path, e.g. lines[0].quantity"))
                        .addProperty("message", new StringSchema())))
                .addProperty("expectedVersion", new IntegerSchema().format("int64"))
                .addProperty("actualVersion", new IntegerSchema().format("int64"));
    }
}
