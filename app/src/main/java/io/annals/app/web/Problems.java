package io.annals.app.web;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import java.io.IOException;
import java.net.URI;
import java.util.Locale;

/** RFC 9457 problem details as Annals writes them: {@code type} = {@value #TYPE_BASE} + a slug of the kind. */
public final class Problems {

    public static final String TYPE_BASE = "https://annals.io/problems/";
    static final URI ABOUT_BLANK = URI.create("about:blank");

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String slug, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_BASE + slug));
        problem.setTitle(title);
        return problem;
    }

    /** The type of a problem known only by its status: {@value #TYPE_BASE} + e.g. {@code method-not-allowed}. */
    public static URI typeFor(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        String slug = known == null ? "status-" + status.value()
                : known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return URI.create(TYPE_BASE + slug);
    }

    /** For filters that answer before Spring MVC runs (authentication, body size). */
    public static void write(HttpServletResponse response, HttpStatus status, String slug, String title,
                             String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"" + TYPE_BASE + slug + "\",\"title\":\"" + escape(title)
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + escape(detail) + "\"}");
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
