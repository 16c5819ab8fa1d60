package io.annals.app.web;

import io.annals.command.VersionCheck;
import io.annals.command.idempotency.IdempotencyKeyInUseException;
import io.annals.command.idempotency.IdempotencyKeyReusedException;
import io.annals.command.intake.IntakeBehindException;
import io.annals.kernel.error.DuplicateEntityException;
import io.annals.kernel.error.EntityNotFoundException;
import io.annals.kernel.error.RuleViolationException;
import io.annals.kernel.error.StateConflictException;
import io.annals.kernel.error.UnknownCustomerException;
import io.annals.kernel.error.VersionConflictException;
import io.annals.query.consistency.ReadModelBehindException;
import io.annals.query.consistency.TooManyWaitingReadsException;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.messaging.interceptors.JSR303ViolationException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;

import java.util.Comparator;
import java.util.List;

/**
 * Maps every failure to an {@code application/problem+json} answer (API.md): validation errors name each field as a
 * JSON path, conflicts carry the versions, and nothing internal (stack traces, SQL) ever reaches the client.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    record FieldProblem(String field, String message) {
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<FieldProblem> errors = ex.getBindingResult().getFieldErrors().stream()
                .sorted(Comparator.comparing(FieldError::getField))
                .map(error -> new FieldProblem(error.getField(), error.getDefaultMessage()))
                .toList();
        return problem(validation(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestSizeLimitFilter.BodyTooLargeException) {
                return problem(RequestSizeLimitFilter.tooLarge());
            }
        }
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException syntax && syntax.processor() != null) {
                // JSON that does not parse ("quantity": 1x): name the member the parser stood in, if any
                String field = JsonPaths.of(syntax.processor().streamReadContext());
                if (!field.isEmpty()) {
                    return problem(validation(List.of(new FieldProblem(field, "is not valid JSON"))));
                }
            }
            if (cause instanceof JacksonException json && !json.getPath().isEmpty()) {
                String field = JsonPaths.of(json.getPath());
                return problem(validation(List.of(new FieldProblem(field, "has the wrong type or format"))));
            }
        }
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-body", "Malformed request body",
                "The body is not valid JSON of the expected shape.");
        return problem(problem);
    }

    @Override
    protected ResponseEntity<Object> createResponseEntity(Object body, HttpHeaders headers, HttpStatusCode statusCode,
                                                          WebRequest request) {
        if (body instanceof ProblemDetail problem
                && (problem.getType() == null || Problems.ABOUT_BLANK.equals(problem.getType()))) {
            // Spring's own problems (404, 405, 406, 415 …) carry no type, which API.md requires on every problem
            problem.setType(Problems.typeFor(statusCode));
        }
        HttpHeaders problemHeaders = new HttpHeaders();
        problemHeaders.putAll(headers);
        problemHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return new ResponseEntity<>(body, problemHeaders, statusCode);
    }

    @ExceptionHandler(RuleViolationException.class)
    ResponseEntity<Object> ruleViolated(RuleViolationException ex) {
        return problem(validation(List.of(new FieldProblem(ex.field(), ex.getMessage()))));
    }

    @ExceptionHandler(UnknownCustomerException.class)
    ResponseEntity<Object> unknownCustomer(UnknownCustomerException ex) {
        return problem(Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "unknown-customer", "Unknown customer",
                ex.getMessage()));
    }

    @ExceptionHandler(IdempotencyKeyReusedException.class)
    ResponseEntity<Object> idempotencyKeyReused(IdempotencyKeyReusedException ex) {
        return problem(Problems.of(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                "Idempotency-Key reused", ex.getMessage()));
    }

    @ExceptionHandler(IdempotencyKeyInUseException.class)
    ResponseEntity<Object> idempotencyKeyInUse(IdempotencyKeyInUseException ex) {
        return problem(Problems.of(HttpStatus.CONFLICT, "idempotency-key-in-use", "Idempotency-Key in use",
                ex.getMessage()));
    }

    @ExceptionHandler(StateConflictException.class)
    ResponseEntity<Object> stateConflict(StateConflictException ex) {
        return problem(Problems.of(HttpStatus.CONFLICT, "state-conflict", "Not allowed in this state",
                ex.getMessage()));
    }

    /** A command that slipped past the HTTP checks but broke its own constraints (e.g. one sent by a saga). */
    @ExceptionHandler(JSR303ViolationException.class)
    ResponseEntity<Object> commandInvalid(JSR303ViolationException ex) {
        List<FieldProblem> errors = ex.getViolations().stream()
                .map(violation -> new FieldProblem(violation.getPropertyPath().toString(), violation.getMessage()))
                .sorted(Comparator.comparing(FieldProblem::field))
                .toList();
        return problem(validation(errors));
    }

    @ExceptionHandler(VersionConflictException.class)
    ResponseEntity<Object> versionConflict(VersionConflictException ex) {
        return versionConflict(ex.getMessage(), ex.expectedVersion(), ex.actualVersion());
    }

    @ExceptionHandler(VersionCheck.StaleAggregateException.class)
    ResponseEntity<Object> versionNeverReached(VersionCheck.StaleAggregateException ex) {
        return versionConflict(ex.getMessage(), ex.expectedVersion(), ex.actualVersion());
    }

    private static ResponseEntity<Object> versionConflict(String detail, long expected, long actual) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "version-conflict", "Version conflict", detail);
        problem.setProperty("expectedVersion", expected);
        problem.setProperty("actualVersion", actual);
        return problem(problem);
    }

    @ExceptionHandler({DuplicateEntityException.class, AggregateStreamCreationException.class})
    ResponseEntity<Object> duplicate(Exception ex) {
        return problem(Problems.of(HttpStatus.CONFLICT, "already-exists", "Already exists",
                ex instanceof DuplicateEntityException ? ex.getMessage() : "An entity with this identifier exists."));
    }

    @ExceptionHandler({EntityNotFoundException.class, AggregateNotFoundException.class})
    ResponseEntity<Object> notFound(Exception ex) {
        return problem(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found",
                ex instanceof EntityNotFoundException ? ex.getMessage() : "No such entity."));
    }

    @ExceptionHandler(ReadModelBehindException.class)
    ResponseEntity<Object> readModelBehind(ReadModelBehindException ex) {
        return retryLater(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "read-model-behind",
                "Read model not caught up", ex.getMessage()));
    }

    @ExceptionHandler(TooManyWaitingReadsException.class)
    ResponseEntity<Object> tooManyWaitingReads(TooManyWaitingReadsException ex) {
        return retryLater(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "too-many-waiting-reads",
                "Too many waiting reads", ex.getMessage()));
    }

    @ExceptionHandler(IntakeBehindException.class)
    ResponseEntity<Object> intakeBehind(IntakeBehindException ex) {
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "intake-behind", "Intake pipeline behind",
                ex.getMessage());
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, ex.retryAfter().toSeconds())))
                .body(problem);
    }

    /** A body read by the handler itself through {@code getReader()}/{@code getInputStream()} that grew too large. */
    @ExceptionHandler(RequestSizeLimitFilter.BodyTooLargeException.class)
    ResponseEntity<Object> bodyTooLarge(RequestSizeLimitFilter.BodyTooLargeException ex) {
        return problem(RequestSizeLimitFilter.tooLarge());
    }

    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<Object> commandFailed(CommandExecutionException ex) {
        if (ex.getCause() instanceof RuntimeException cause && cause != ex) {
            return unexpected(cause);
        }
        return unexpected(ex);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex) {
        log.error("unexpected failure", ex);
        return problem(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
                "The request could not be completed."));
    }

    private static ProblemDetail validation(List<FieldProblem> errors) {
        ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                "One or more fields are invalid.");
        problem.setProperty("errors", errors);
        return problem;
    }

    /** A 503 the client may retry after a second (API.md: always with {@code Retry-After}). */
    private static ResponseEntity<Object> retryLater(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem);
    }

    private static ResponseEntity<Object> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
