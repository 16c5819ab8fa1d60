package io.annals.app.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * The error page as problem+json (API.md: every error answer, whatever {@code Accept} says). Requests end here when
 * something outside Spring MVC fails (an exception thrown by a filter, a {@code sendError}); Spring MVC's own
 * failures never get here, {@link ProblemHandler} answers them. Replaces Boot's {@code BasicErrorController}, whose
 * answer is an HTML page or Boot's own JSON (Boot does not render this page as a problem yet, spring-boot#43850).
 * Only the status is told: neither the exception nor the container's message reaches the client. Not an endpoint of
 * the API, so not in its OpenAPI document (springdoc hides only Boot's own error controller).
 */
@RestController
@Hidden
class ProblemErrorController implements ErrorController {

    private final ErrorAttributes errorAttributes;

    ProblemErrorController(ErrorAttributes errorAttributes) {
        this.errorAttributes = errorAttributes;
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        ProblemDetail problem = problemFor(request);
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private ProblemDetail problemFor(HttpServletRequest request) {
        Throwable failure = errorAttributes.getError(new ServletWebRequest(request));
        if (failure != null && RequestSizeLimitFilter.causedByTooLargeBody(failure)) {
            return RequestSizeLimitFilter.tooLarge();
        }
        HttpStatus status = statusOf(request);
        if (status == null) {
            // the error page called directly, not as the container's error dispatch
            return Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", "No such resource.");
        }
        if (status == HttpStatus.INTERNAL_SERVER_ERROR) {
            return Problems.of(status, "internal-error", "Internal error", "The request could not be completed.");
        }
        return Problems.of(status, Problems.slugOf(status), status.getReasonPhrase(), status.getReasonPhrase() + ".");
    }

    private static HttpStatus statusOf(HttpServletRequest request) {
        if (request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code) {
            HttpStatus status = HttpStatus.resolve(code);
            return status != null && status.isError() ? status : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        return null;
    }
}
